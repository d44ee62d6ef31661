from django.shortcuts import render

from apps.core.http import public_page

from .selectors import article_with_passages


@public_page
def article_detail(request):
    article, sections, footnotes = article_with_passages()
    context = {"article": article, "sections": sections, "footnotes": footnotes}
    return render(request, "article/detail.html", context)

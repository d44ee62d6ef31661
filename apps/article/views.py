from apps.core.http import public_page, render_page

from .selectors import article_with_passages


@public_page
def article_detail(request):
    article, references = article_with_passages()
    return render_page(
        request, "article/detail.html", {"article": article, "references": references}
    )

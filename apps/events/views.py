from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.article.selectors import article_heading
from apps.core.http import public_page

from . import selectors
from .filters import TimelineFilter
from .models import Event


@public_page
def timeline(request):
    filterset = TimelineFilter(request.GET or None)
    context = {"filterset": filterset, "article": article_heading()}
    if filterset.is_bound and not filterset.is_valid():
        context["problem"] = _("Some filters are not valid; correct them and try again.")
        return render(request, "events/timeline.html", context, status=400)
    try:
        context["timeline"] = selectors.timeline(filterset, request.GET.get("page"))
    except selectors.BadPage:
        context["problem"] = _("There is no such page of the timeline.")
        return render(request, "events/timeline.html", context, status=404)
    return render(request, "events/timeline.html", context)


@public_page
def detail(request, slug):
    try:
        event, reactions, reports, footnotes = selectors.event_detail(slug)
    except Event.DoesNotExist:
        raise Http404(_("No published event has this address.")) from None
    context = {"event": event, "reactions": reactions, "reports": reports, "footnotes": footnotes}
    return render(request, "events/detail.html", context)

from django.http import Http404
from django.utils.translation import gettext as _

from apps.article.selectors import article_title
from apps.core.http import public_page, render_page
from apps.core.jsonld import Site

from . import selectors
from .filters import TIMELINE_PARAMETERS, TimelineFilter, filter_form
from .jsonld import event_document, timeline_document
from .models import Event


@public_page(params=(*TIMELINE_PARAMETERS, "page"))
def timeline(request):
    filterset = TimelineFilter(request.GET or None)
    context = {
        "article_title": article_title(),
        "timeline": None,
        "references": [],
        "problem": None,
    }
    if filterset.is_bound and not filterset.is_valid():
        context["problem"] = _("Some filters are not valid; correct them and try again.")
        return render_page(request, "events/timeline.html", _with_filters(context, filterset), 400)
    try:
        page = selectors.timeline(filterset, request.GET.get("page"))
    except selectors.BadPage:
        context["problem"] = _("There is no such page of the timeline.")
        return render_page(request, "events/timeline.html", _with_filters(context, filterset), 404)
    context.update(timeline=page, references=page.references)
    if not page.is_empty:
        context["json_ld"] = timeline_document(Site(request), page)
    return render_page(request, "events/timeline.html", _with_filters(context, filterset))


def _with_filters(context, filterset):
    return {**context, "filters": filter_form(filterset)}


@public_page
def detail(request, slug):
    try:
        page = selectors.event_detail(slug)
    except Event.DoesNotExist:
        raise Http404(_("No published event has this address.")) from None
    context = {
        "page": page,
        "references": page.references,
        "json_ld": event_document(Site(request), page.event, page.corrections),
    }
    return render_page(request, "events/detail.html", context)

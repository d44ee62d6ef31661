from django.http import Http404
from django.utils.translation import gettext as _

from apps.article.selectors import article_title
from apps.core.http import BadMoment, as_of_of, public_page, render_page
from apps.core.jsonld import Site

from . import selectors
from .as_of import event_detail_at, timeline_at
from .filters import TIMELINE_PARAMETERS, TimelineFilter, filter_form
from .jsonld import event_document, timeline_document
from .models import Event


@public_page(params=(*TIMELINE_PARAMETERS, "page", "as_of"))
def timeline(request):
    filterset = TimelineFilter(request.GET or None)
    context = {
        "article_title": article_title(),
        "timeline": None,
        "references": [],
        "problem": None,
    }
    try:
        as_of = as_of_of(request)
    except BadMoment as problem:
        context["problem"] = str(problem)
        return render_page(request, "events/timeline.html", _with_filters(context, filterset), 400)
    context["as_of"] = as_of
    if filterset.is_bound and not filterset.is_valid():
        context["problem"] = _("Some filters are not valid; correct them and try again.")
        return render_page(request, "events/timeline.html", _with_filters(context, filterset), 400)
    try:
        if as_of is None:
            page = selectors.timeline(filterset, request.GET.get("page"))
        else:
            page = timeline_at(filterset, request.GET.get("page"), as_of.moment)
    except selectors.BadPage:
        context["problem"] = _("There is no such page of the timeline.")
        return render_page(request, "events/timeline.html", _with_filters(context, filterset), 404)
    context.update(timeline=page, references=page.references)
    if not page.is_empty and as_of is None:
        context["json_ld"] = timeline_document(Site(request), page)
    return render_page(request, "events/timeline.html", _with_filters(context, filterset))


def _with_filters(context, filterset):
    return {**context, "filters": filter_form(filterset)}


@public_page(params=("as_of",))
def detail(request, slug):
    try:
        as_of = as_of_of(request)
    except BadMoment as problem:
        return render_page(request, "400.html", {"problem": str(problem)}, 400)
    try:
        if as_of is None:
            page = selectors.event_detail(slug)
        else:
            page = event_detail_at(slug, as_of.moment)
    except Event.DoesNotExist:
        if as_of is not None:
            raise Http404(_("No event had this address at that moment.")) from None
        raise Http404(_("No published event has this address.")) from None
    context = {
        "page": page,
        "references": page.references,
        "as_of": as_of,
        "json_ld": None if as_of else event_document(Site(request), page.event, page.corrections),
    }
    return render_page(request, "events/detail.html", context)

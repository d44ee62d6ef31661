"""Previews: the public pages as they will look once a change or a changeset is approved.

The public view itself renders the page (its ``uncached`` self: a preview never enters
the page cache), with the change written into the tables for the time it takes
(``publishing.applied``) and then rolled back; the layout shows the preview banner
(``core.preview``). Only the author and the reviewers may see it: anyone else gets a 404,
as for a page that does not exist.
"""

import calendar
import copy
import datetime
from urllib.parse import quote, urlsplit

from django.http import Http404, HttpResponse, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.text import Truncator
from django.utils.translation import gettext

from apps.core.preview import Preview, PreviewLink, previewing

from ..models import Action
from ..publishing import applied
from ..services import may_preview


def preview_response(request, *, subject, changes, preview_url: str):
    """The public page ``?page=`` names (the first entry's own page by default), rendered
    as it will be once ``subject`` (whose entries are ``changes``) is published."""
    if not may_preview(request.user, subject):
        raise Http404(gettext("There is no such preview."))
    asked = request.GET.get("page") or ""
    with applied(changes) as look:
        pages = _pages(changes, look)
        path = asked or (pages[0][1] if pages else reverse("events:timeline"))
        links = tuple(
            PreviewLink(label, _preview_link(preview_url, url), current=url == path)
            for label, url in pages
        )
        preview = Preview(
            title=Truncator(subject.summary or subject.object_repr).chars(80),
            back_url=subject.get_absolute_url(),
            links=links,
            warnings=tuple(_warnings(changes, look)),
        )
        page = _render_public(request, path, preview)
    response = HttpResponse(
        page.content, status=page.status_code, content_type=page["Content-Type"]
    )
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _pages(changes, look) -> list[tuple[str, str]]:
    """(label, public path) of the pages a reviewer would check: each entry's own page, the
    timeline of the month it is dated in, and the timeline with its chart."""
    pages = []
    for change in changes:
        entry = look.entries.get(change.pk)
        if entry is None:
            continue
        kind = change.model._meta.verbose_name
        pages.append((f"{kind}: {Truncator(entry).chars(40)}", entry.get_absolute_url()))
        day = getattr(entry, "date", None)
        if isinstance(day, datetime.date):
            last = calendar.monthrange(day.year, day.month)[1]
            window = f"?date_after={day:%Y-%m}-01&date_before={day:%Y-%m}-{last:02d}"
            label = gettext("Timeline, %(month)s") % {"month": f"{day:%Y-%m}"}
            pages.append((label, reverse("events:timeline") + window))
    pages.append((gettext("Timeline and chart"), reverse("events:timeline")))
    unique = {}
    for label, url in pages:
        unique.setdefault(url, label)
    return [(label, url) for url, label in unique.items()]


def _warnings(changes, look):
    for change in changes:
        if change.pk in look.failed:
            yield gettext("“%(entry)s” cannot be shown: %(reason)s") % {
                "entry": change.object_repr,
                "reason": look.failed[change.pk],
            }
        elif change.action == Action.UPDATE:
            entry = look.entries.get(change.pk)
            if entry is not None and entry.version != change.base_version + 1:
                yield gettext(
                    "“%(entry)s” was published again since this change was proposed: the "
                    "preview shows the change as proposed, over what was published since. "
                    "It must be merged before it can be approved."
                ) % {"entry": change.object_repr}


def _preview_link(preview_url: str, public_url: str) -> str:
    """The preview of a public page: its path and query in ``?page=``, its fragment kept."""
    path, _, fragment = public_url.partition("#")
    link = f"{preview_url}?page={quote(path, safe='/')}"
    return f"{link}#{fragment}" if fragment else link


def _render_public(request, path: str, preview: Preview):
    """The public page at ``path``, rendered by its own view, uncached; 404 for anything
    but a public page (the admin, a feed's stream, an export)."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        raise Http404(gettext("Only the site's own pages can be previewed."))
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Http404(gettext("There is no such public page.")) from None
    view = getattr(match.func, "uncached", None)
    if view is None:
        raise Http404(gettext("Only public pages can be previewed."))
    public = copy.copy(request)
    public.method = "GET"
    public.path = public.path_info = parts.path
    public.GET = QueryDict(parts.query)
    public.META = {**request.META, "PATH_INFO": parts.path, "QUERY_STRING": parts.query}
    public.resolver_match = match
    with previewing(preview):
        response = view(public, *match.args, **match.kwargs)
        if response.streaming:
            raise Http404(gettext("Exports cannot be previewed; preview the page instead."))
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    return response

"""Published reads of corrections: an entry's, and all of them newest first."""

from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils import formats

from apps.core.registry import entry_type_for

from .models import Correction
from .rows import CorrectionRow

PAGE_SIZE = 50


def previous_version_url(entry_url: str, correction: Correction) -> str:
    """The entry's page as readers saw it just before ``correction`` (``?as_of=``)."""
    path, _, fragment = entry_url.partition("#")
    moment = quote(correction.before.isoformat(), safe="")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}as_of={moment}" + (f"#{fragment}" if fragment else "")


# The pages that show an entry as it was at a moment (``?as_of=``): an event's, the
# timeline's (where an estimate is listed inside its event's page).
AS_OF_PAGES = ("events.event", "events.troopestimate")


def _row(correction: Correction, entry) -> CorrectionRow:
    url = entry.get_absolute_url() if entry is not None else ""
    has_past = entry is not None and entry._meta.label_lower in AS_OF_PAGES
    return CorrectionRow(
        slug=correction.slug,
        day=correction.day,
        day_label=formats.date_format(correction.day, "DATE_FORMAT"),
        note=correction.note,
        entry=str(entry) if entry is not None else "",
        entry_url=url,
        previous_url=previous_version_url(url, correction) if has_past else "",
        published_at=correction.published_at,
    )


def corrections_of(*entries) -> list[CorrectionRow]:
    """The corrections of ``entries`` (published model instances), newest first: one query."""
    if not entries:
        return []
    wanted = {}
    for entry in entries:
        wanted[(ContentType.objects.get_for_model(entry).pk, entry.pk)] = entry
    corrections = Correction.objects.published().filter(
        content_type__in={key[0] for key in wanted}, object_id__in={key[1] for key in wanted}
    )
    return [
        _row(correction, wanted[(correction.content_type_id, correction.object_id)])
        for correction in corrections
        if (correction.content_type_id, correction.object_id) in wanted
    ]


def latest(count):
    return _with_entries(list(Correction.objects.published()[:count]))


def correction_list(page_number):
    """A page of corrections, newest first, each with the entry it corrects: one query for
    the page, one per kind of entry corrected."""
    page = Paginator(Correction.objects.published(), PAGE_SIZE).page(page_number or 1)
    return page, _with_entries(list(page.object_list))


def _with_entries(corrections) -> list[CorrectionRow]:
    wanted = {}
    for correction in corrections:
        wanted.setdefault(correction.content_type_id, set()).add(correction.object_id)
    entries = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        related = getattr(entry_type_for(model).model, "label_related", ())
        for entry in model.objects.published().select_related(*related).filter(pk__in=ids):
            entries[(content_type_id, entry.pk)] = entry
    return [_row(c, entries.get((c.content_type_id, c.object_id))) for c in corrections]

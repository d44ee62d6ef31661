"""Content rules: what makes an entry wrong, each defined once.

A rule looks at one *subject* — an entry with its fields and the sources it
cites — and names its problems. ``check_content`` applies the rules to every
published entry; the moderation services apply them to a state when it is
proposed and again at approval, and refuse it on any error, naming the entry
and the reason.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.actors.models import Actor, top_from_columns
from apps.core.dates import DatePrecision
from apps.core.registry import EntryType, entry_types
from apps.sources.footnotes import missing_anchors
from apps.sources.models import Source
from apps.sources.rows import CitedSource
from apps.sources.selectors import load_citations, source_rows

from .models import ClaimStatus, needs_basis
from .provenance import origins

# A proposed state: {"fields": {…}, "m2m": {…}, "citations": [{"source": pk, "via": pk}, …]}.
State = dict

ERROR = "error"
WARNING = "warning"


@dataclass(slots=True)
class Subject:
    """An entry (saved, or unsaved with a proposed state's fields) and what it cites."""

    entry_type: EntryType
    entry: models.Model
    citations: list[CitedSource]


@dataclass(frozen=True, slots=True)
class Problem:
    level: str
    field: str  # the field the problem is about, for the form and the review page
    message: str


def _has(subject: Subject, name: str) -> bool:
    return any(f.name == name for f in subject.entry_type.fields)


def citation_needed(subject: Subject) -> Iterator[Problem]:
    if subject.entry_type.citation_model is None or subject.citations:
        return
    if getattr(subject.entry, "stands_for_entry", False):
        return  # an article passage showing an entry: the entry's citations are its own
    level = ERROR if subject.entry_type.requires_citation else WARNING
    yield Problem(level, "citations", _("citation needed: no source is cited."))


def source_dates(subject: Subject) -> Iterator[Problem]:
    """A source read before it was published, or published or read in the future."""
    source = subject.entry
    if not isinstance(source, Source) or not (source.published_on and source.accessed_on):
        return
    today = timezone.localdate()
    if source.accessed_on < source.published_on:
        yield Problem(
            ERROR,
            "accessed_on",
            _("accessed on %(accessed)s (閲覧日), before its publication on %(published)s.")
            % {"accessed": source.accessed_on, "published": source.published_on},
        )
    if source.published_on > today:
        yield Problem(
            ERROR,
            "published_on",
            _("published in the future (%(date)s).") % {"date": source.published_on},
        )
    if source.accessed_on > today:
        yield Problem(
            ERROR,
            "accessed_on",
            _("accessed in the future (%(date)s).") % {"date": source.accessed_on},
        )


def dated_after_sources(subject: Subject) -> Iterator[Problem]:
    """An entry whose period begins after a source it cites was published."""
    if not _has(subject, "date") or subject.entry.date is None:
        return
    if getattr(subject.entry, "date_precision", None) == DatePrecision.UNDATED:
        return  # its day is a report's: reported_on checks it
    for cited in subject.citations:
        if subject.entry.date > cited.source.published_on:
            yield Problem(
                ERROR,
                "date",
                _("dated %(date)s but cites %(source)r, published earlier (%(published)s).")
                % {
                    "date": subject.entry.fuzzy_date,
                    "source": cited.source.slug,
                    "published": cited.source.published_on,
                },
            )


def claim_evidence(subject: Subject) -> Iterator[Problem]:
    """Corroborated needs two independent origins among the citations; confirmed says how."""
    if not _has(subject, "claim_status"):
        return
    status = subject.entry.claim_status
    if status == ClaimStatus.CORROBORATED:
        found = origins(subject.citations)
        if len(found) < 2:
            yield Problem(
                ERROR,
                "claim_status",
                _("corroborated, but every citation traces back to %(origin)s.")
                % {"origin": found[0][2] if found else _("nothing")},
            )
    if status == ClaimStatus.CONFIRMED and not subject.entry.claim_note:
        yield Problem(WARNING, "claim_note", _("confirmed without saying how."))


def claim_basis(subject: Subject) -> Iterator[Problem]:
    """A status beyond reported, or a rank beyond normal, quotes what it rests on (or, as
    an editor's inference, gives the reason); confirmed is ``claim_evidence``'s."""
    if not _has(subject, "claim_status"):
        return
    entry = subject.entry
    if entry.claim_status == ClaimStatus.CONFIRMED or not needs_basis(
        entry.claim_status, entry.claim_rank
    ):
        return
    if not entry.claim_note.strip():
        yield Problem(
            WARNING,
            "claim_note",
            _("%(status)s, %(rank)s, without a basis: quote the sources, or give your reason.")
            % {"status": entry.claim_status or "—", "rank": entry.claim_rank},
        )


def _text_of(subject: Subject) -> str | None:
    name = subject.entry_type.text_field
    return None if name is None else getattr(subject.entry, name) or ""


def reported_on(subject: Subject) -> Iterator[Problem]:
    """An undated entry is listed by the day it was first reported: its earliest source's."""
    entry = subject.entry
    if not _has(subject, "date_precision") or entry.date_precision != DatePrecision.UNDATED:
        return
    if not subject.citations:
        return  # citation_needed says so
    earliest = min(cited.source.published_on for cited in subject.citations)
    if entry.date != earliest:
        yield Problem(
            ERROR,
            "date",
            _("undated, so listed by its earliest source (%(earliest)s), not %(date)s.")
            % {"earliest": earliest, "date": entry.date},
        )


# Words that give a day in the article's sentences: 18日, 同日 (the same day), 翌5日, 前日;
# or, near the start, また (also), which goes on from the sentence before and its day.
_DAY_WORDS = re.compile(r"\d{1,2}日|同日|翌|前日|^.{0,10}また")


def date_from_publication(subject: Subject) -> Iterator[Problem]:
    """A day that only a source's publication gives: the text names no day, the entry is
    dated the day a source it cites was published. Perhaps it is undated."""
    entry = subject.entry
    text = _text_of(subject)
    if text is None or not _has(subject, "date_precision") or entry.date is None:
        return
    if entry.date_precision != DatePrecision.DAY or getattr(entry, "date_relative", ""):
        return
    if getattr(entry, "event_id", None):
        return  # an estimate stated in an event: the event's text dates it
    published = {cited.source.published_on for cited in subject.citations}
    if entry.date in published and not _DAY_WORDS.search(text):
        yield Problem(
            WARNING,
            "date",
            _(
                "dated %(date)s, the day a source it cites was published, and its text names "
                "no day: is it undated (報道 %(date)s)?"
            )
            % {"date": entry.date},
        )


def anchors_in_text(subject: Subject) -> Iterator[Problem]:
    """A footnote placed after words the text does not have stands at the end instead."""
    text = _text_of(subject)
    if not text:
        return
    for cited in subject.citations:
        for phrase in missing_anchors(text, cited.anchors):
            yield Problem(
                WARNING,
                "citations",
                _("the marker of %(source)r follows “%(words)s”, which the text does not have.")
                % {"source": cited.source.slug, "words": phrase},
            )


def undated(subject: Subject) -> Iterator[Problem]:
    date_field = next((f for f in subject.entry_type.fields if f.name == "date"), None)
    if date_field is not None and date_field.null and subject.entry.date is None:
        yield Problem(WARNING, "date", _("has no date."))


RULES = [
    citation_needed,
    source_dates,
    dated_after_sources,
    claim_evidence,
    claim_basis,
    undated,
    reported_on,
    date_from_publication,
    anchors_in_text,
]


def problems_of(subject: Subject) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(subject)]


def state_errors(entry_type: EntryType, state: State, entry) -> list[Problem]:
    """The rules a state breaks, errors only (what approval refuses); ``entry`` has the
    state's fields applied."""
    subject = subject_of_state(entry_type, state, entry)
    return [problem for problem in problems_of(subject) if problem.level == ERROR]


def subject_of_state(entry_type: EntryType, state: State, entry) -> Subject:
    """The subject a proposed state makes: ``entry`` has its fields applied.

    Two queries: the cited sources, and the actors they are attributed to with
    their roots. A source that is not published does not count as cited.
    """
    rows = state.get("citations", [])
    sources = source_rows(Source.objects.published().filter(pk__in=[row["source"] for row in rows]))
    vias = {row["via"] for row in rows if row.get("via")}
    actors = {
        pk: (pk, name, root_pk, root_name)
        for pk, name, root_pk, root_name in Actor.objects.filter(pk__in=vias).values_list(
            "pk", "name", "root__pk", "root__name"
        )
    }
    citations = [
        CitedSource(
            source=sources[row["source"]],
            via_root=top_from_columns(*actors[row["via"]]) if row.get("via") in actors else None,
            source_id=row["source"],
            anchors=row.get("anchors") or "",
            editor_note=row.get("editor_note") or "",
        )
        for row in rows
        if row["source"] in sources
    ]
    return Subject(entry_type, entry, citations)


def published_subjects() -> Iterator[Subject]:
    """Every published entry as a subject: one query per kind of entry, three if it is cited."""
    for entry_type in entry_types():
        entries = list(entry_type.model.objects.published().order_by("pk"))
        citations = {}
        if entry_type.citation_model:
            (citations,) = load_citations((entry_type.citation_model, [e.pk for e in entries]))
        for entry in entries:
            yield Subject(entry_type, entry, citations.get(entry.pk, []))


def dependent_errors(entry, state: State | None = None) -> set[tuple[str, str]]:
    """(entry, message) of every error in the published entries whose rules read ``entry``.

    A source's date and outlet are read by the entries citing it; an actor's place in
    the affiliations by the entries citing on the word of anyone under the root it
    belongs to now, or would belong to with ``state``. Approval compares this before
    and after writing, so that a change to one entry cannot quietly break others.
    """
    if isinstance(entry, Source):
        condition = Q(source_id=entry.pk)
    elif isinstance(entry, Actor):
        ids = {entry.pk, *_roots_around(entry, state)}
        condition = Q(via_id__in=ids) | Q(via__root_id__in=ids)
    else:
        return set()
    found = set()
    for entry_type in entry_types():
        if entry_type.citation_model is None:
            continue
        citing = entry_type.citation_model.objects.filter(condition).values("entry_id")
        entries = list(entry_type.model.objects.published().filter(pk__in=citing).order_by("pk"))
        if not entries:
            continue
        (citations,) = load_citations((entry_type.citation_model, [e.pk for e in entries]))
        for cited in entries:
            subject = Subject(entry_type, cited, citations[cited.pk])
            found.update(
                (str(cited)[:80], problem.message)
                for problem in problems_of(subject)
                if problem.level == ERROR
            )
    return found


def _roots_around(actor, state) -> set:
    """The roots an actor belongs to now, and would belong to with ``state``."""
    affiliation = (state or {}).get("fields", {}).get("affiliation", actor.affiliation_id)
    joined = (
        Actor._base_manager.filter(pk=affiliation).values_list("root_id", flat=True).first()
        or affiliation
    )
    return {root for root in (actor.root_id, joined) if root}

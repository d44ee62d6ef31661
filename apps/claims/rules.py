"""Content rules: what makes an entry wrong, each defined once.

A rule looks at one *subject* — an entry with its fields and the sources it
cites — and names its problems. ``check_content`` applies the rules to every
published entry; the moderation services apply them to a state when it is
proposed and again at approval, and refuse it on any error, naming the entry
and the reason.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.actors.models import Actor, top_from_columns
from apps.core.registry import EntryType, entry_types
from apps.sources.models import Source
from apps.sources.rows import CitedSource
from apps.sources.selectors import load_citations, source_rows

from .models import ClaimStatus
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


def undated(subject: Subject) -> Iterator[Problem]:
    date_field = next((f for f in subject.entry_type.fields if f.name == "date"), None)
    if date_field is not None and date_field.null and subject.entry.date is None:
        yield Problem(WARNING, "date", _("has no date."))


RULES = [citation_needed, source_dates, dated_after_sources, claim_evidence, undated]


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

"""Field-by-field differences between two states, for reviewers.

Text is compared character by character (``difflib``): Japanese has no spaces
between words, so a word diff would mark whole sentences as changed.
"""

import datetime
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from apps.core.dates import DatePrecision, FuzzyDate
from apps.core.registry import DATE_PARTS, EntryType

from .state import State, citation_details, related_models

# Above this many characters (both sides together) a text is compared sentence by sentence:
# a character-level SequenceMatcher is quadratic, and a 40,000-character edit took 16 s.
CHAR_DIFF_LIMIT = 6000
_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?\n]?")


def _units(old: str, new: str) -> tuple[list[str], list[str]]:
    """The pieces two texts are compared in: characters, or sentences for long texts."""
    if len(old) + len(new) <= CHAR_DIFF_LIMIT:
        return list(old), list(new)
    return [u for u in _SENTENCE.findall(old) if u], [u for u in _SENTENCE.findall(new) if u]


def _opcodes(old: str, new: str):
    """(tag, old piece, new piece) of the edit from ``old`` to ``new``."""
    old_units, new_units = _units(old, new)
    matcher = SequenceMatcher(None, old_units, new_units, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        yield tag, "".join(old_units[i1:i2]), "".join(new_units[j1:j2])


def char_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` as HTML with ``<del>`` and ``<ins>``, escaped; by characters, or
    by sentences above ``CHAR_DIFF_LIMIT``."""
    parts = []
    for tag, removed, added in _opcodes(old, new):
        if tag == "equal":
            parts.append(escape(removed))
            continue
        if tag in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", removed))
        if tag in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def char_marks(old: str, new: str) -> SafeString:
    """``new`` as HTML, what differs from ``old`` in ``<ins>``: a value that reads as itself."""
    parts = []
    for tag, _removed, added in _opcodes(old, new):
        if tag == "equal":
            parts.append(escape(added))
        elif tag in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    changed: bool
    inline: SafeString | None = None


@dataclass
class CitationChange:
    title: str
    change: str  # "added", "removed", "moved" or "kept"
    old_position: int | None
    new_position: int | None

    @property
    def label(self):
        return {
            "added": _("added"),
            "removed": _("removed"),
            "moved": _("moved"),
            "edited": _("attribution changed"),
            "kept": _("unchanged"),
        }[self.change]


@dataclass
class StateDiff:
    fields: list[FieldChange] = field(default_factory=list)
    citations: list[CitationChange] = field(default_factory=list)
    incompatible: bool = False

    @property
    def changed_fields(self):
        return [f for f in self.fields if f.changed]

    @property
    def citations_changed(self):
        return any(c.change != "kept" for c in self.citations)

    @property
    def has_changes(self):
        return bool(self.changed_fields) or self.citations_changed


class Names:
    """Display names of everything a set of states refers to, fetched in bulk.

    ``provisional``: the names of entries new in a changeset, by their provisional ids
    (``publishing.provisional_id``), which no table holds yet.
    """

    def __init__(self, entry_type: EntryType, states, provisional: dict[int, str] | None = None):
        self.provisional = provisional or {}
        states = [s for s in states if s]
        related = related_models(entry_type)
        rows = [row for state in states for row in state.get("citations", [])]
        wanted = {model: set() for model in related.values()}
        actors = sources = None
        if entry_type.citation_model is not None:
            # What a citation points at, from its own fields: an actor, and a source.
            citation = entry_type.citation_model._meta
            actors, sources = (citation.get_field(f).related_model for f in ("via", "source"))
            wanted.setdefault(actors, set()).update(row.get("via") for row in rows)
        for name, model in related.items():
            for state in states:
                value = state.get("fields", {}).get(name, state.get("m2m", {}).get(name))
                wanted[model].update(value if isinstance(value, list) else [value])
        # One query per kind of related entry, however many fields point at it.
        loaded = {
            model: model._base_manager.in_bulk(pks - {None}) if pks - {None} else {}
            for model, pks in wanted.items()
        }
        self.by_field = {
            name: {pk: str(obj) for pk, obj in loaded[model].items()}
            for name, model in related.items()
        }
        self.actors = {pk: actor.name for pk, actor in loaded.get(actors, {}).items()}
        self.sources = (
            dict(
                sources._base_manager.filter(
                    pk__in={row.get("source") for row in rows}
                ).values_list("pk", "title")
            )
            if sources is not None and rows
            else {}
        )

    def related(self, name, pk):
        if pk is None:
            return ""
        return self.by_field.get(name, {}).get(pk) or self._missing(pk, _("(deleted #%(pk)s)"))

    def source(self, pk):
        return self.sources.get(pk) or self._missing(pk, _("(deleted source #%(pk)s)"))

    def _missing(self, pk, deleted: str) -> str:
        """The name of an entry that is not in the table: one a changeset creates (by its
        provisional id, negative), or one deleted since."""
        if isinstance(pk, int) and pk < 0:
            return self.provisional.get(pk) or _("(new entry of change #%(number)s)") % {
                "number": -pk
            }
        return deleted % {"pk": pk}

    def citation(self, row):
        """A citation by its source's title, with on whose word it reports."""
        title = self.source(row.get("source"))
        via = self.actors.get(row.get("via")) if row.get("via") else None
        if via or row.get("via_note"):
            according = "、".join(part for part in (via, row.get("via_note")) if part)
            title = _("%(title)s (according to %(origin)s)") % {
                "title": title,
                "origin": according,
            }
        if row.get("anchors"):
            title += " " + _("[marker after: %(anchors)s]") % {
                "anchors": " / ".join(row["anchors"].splitlines())
            }
        if row.get("editor_note"):
            title += " " + _("[added by an editor: %(reason)s]") % {"reason": row["editor_note"]}
        return title


def display(model_field, value, names: Names) -> str:
    if value is None or value == "":
        return ""
    if isinstance(model_field, models.ManyToManyField):
        return "、".join(names.related(model_field.name, pk) for pk in value)
    if model_field.is_relation:
        return names.related(model_field.name, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    return str(value)


def date_text(values: dict) -> str:
    """The fuzzy date a state's date fields describe: 2024年10月21日, 2024年10月頃.

    Diffs show a date as one value, as readers see it, not as four fields.
    """
    if not values.get("date"):
        return ""
    try:
        return str(
            FuzzyDate(
                datetime.date.fromisoformat(values["date"]),
                values.get("date_precision") or DatePrecision.DAY,
                bool(values.get("date_approximate")),
                datetime.date.fromisoformat(values["date_end"]) if values.get("date_end") else None,
            )
        )
    except (TypeError, ValueError):  # an old version's raw value: show it as stored
        return str(values["date"])


def _is_text(model_field):
    return isinstance(model_field, (models.CharField, models.TextField)) and not model_field.choices


def diff_states(
    entry_type: EntryType, old: State | None, new: State | None, names=None
) -> StateDiff:
    """What changes from ``old`` to ``new``; either may be None (creation, deletion)."""
    names = names or Names(entry_type, [old, new])
    result = StateDiff(
        incompatible=bool((old or {}).get("incompatible") or (new or {}).get("incompatible"))
    )
    names_of_fields = {f.name for f in entry_type.fields}
    dated = names_of_fields.issuperset(DATE_PARTS)
    for model_field in [*entry_type.fields, *entry_type.m2m_fields]:
        if dated and model_field.name in DATE_PARTS:
            if model_field.name == "date":
                result.fields.append(_date_change(model_field, old, new))
            continue
        key = "m2m" if isinstance(model_field, models.ManyToManyField) else "fields"
        old_value = (old or {}).get(key, {}).get(model_field.name)
        new_value = (new or {}).get(key, {}).get(model_field.name)
        old_text = display(model_field, old_value, names) if old else ""
        new_text = display(model_field, new_value, names) if new else ""
        changed = old is None or new is None or old_value != new_value
        inline = None
        if old and new and changed and _is_text(model_field):
            inline = char_diff(old_text, new_text)
        result.fields.append(
            FieldChange(
                model_field.name, str(model_field.verbose_name), old_text, new_text, changed, inline
            )
        )
    if old and old.get("incompatible"):
        for name, value in old["fields"].items():
            if name not in {f.name for f in result.fields}:
                result.fields.append(FieldChange(name, name, str(value), "", True))
    if entry_type.citation_model:
        result.citations = diff_citations(old, new, names)
    return result


def _date_change(model_field, old, new) -> FieldChange:
    values = [
        {name: (state or {}).get("fields", {}).get(name) for name in DATE_PARTS}
        for state in (old, new)
    ]
    changed = old is None or new is None or values[0] != values[1]
    return FieldChange(
        "date",
        str(model_field.verbose_name),
        date_text(values[0]) if old else "",
        date_text(values[1]) if new else "",
        changed,
    )


def diff_citations(old, new, names: Names) -> list[CitationChange]:
    old_rows = {row["source"]: row for row in (old or {}).get("citations", [])}
    new_rows = {row["source"]: row for row in (new or {}).get("citations", [])}
    old_order, new_order = list(old_rows), list(new_rows)
    changes = []
    for position, pk in enumerate(new_order, start=1):
        row = new_rows[pk]
        if pk not in old_rows:
            changes.append(CitationChange(names.citation(row), "added", None, position))
            continue
        old_position = old_order.index(pk) + 1
        if _provenance(old_rows[pk]) != _provenance(row):
            change = "edited"
        elif _relative_order(old_order, new_order, pk):
            change = "moved"
        else:
            change = "kept"
        changes.append(CitationChange(names.citation(row), change, old_position, position))
    for position, pk in enumerate(old_order, start=1):
        if pk not in new_rows:
            changes.append(CitationChange(names.citation(old_rows[pk]), "removed", position, None))
    return changes


def _provenance(row):
    return citation_details(row)


def _relative_order(old_order, new_order, pk) -> bool:
    """Whether ``pk`` changed places relative to the sources both orders share."""
    shared_old = [p for p in old_order if p in new_order]
    shared_new = [p for p in new_order if p in old_order]
    return shared_old.index(pk) != shared_new.index(pk)

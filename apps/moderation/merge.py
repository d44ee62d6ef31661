"""Three-way merge of a proposal with what was published since it was based.

*base* is the published state the author edited, *ours* the proposal, *theirs*
the state published now. A field changed on one side only takes that side's
value; the same change on both sides is no conflict; text changed on both sides
merges when the changed spans do not touch (character by character, since
Japanese has no spaces between words); links merge as sets; citations merge as
a list. Anything else is a conflict that a person resolves explicitly: nothing
published since the base is overwritten unless someone chose it.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .registry import EntryType
from .state import State, empty_state

CITATIONS = "citations"
OURS, THEIRS, EDITED = "ours", "theirs", "edited"


@dataclass(slots=True)
class FieldConflict:
    """A field both sides changed differently: the three values, raw as in a state."""

    name: str
    label: str
    base: Any
    ours: Any
    theirs: Any
    is_text: bool


@dataclass(slots=True)
class Merge:
    """The merged state (conflicting fields hold the published value until resolved)."""

    state: State
    conflicts: list[FieldConflict] = field(default_factory=list)
    # Names of the fields whose merged value is not simply the published one.
    from_ours: list[str] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.conflicts

    def resolved(self, choices: dict[str, tuple[str, Any]]) -> State:
        """The state with each conflict resolved: name → (OURS | THEIRS | EDITED, edited value).

        Refused, naming the field, when a conflict has no choice.
        """
        state = {
            "fields": dict(self.state["fields"]),
            "m2m": dict(self.state["m2m"]),
            CITATIONS: list(self.state[CITATIONS]),
        }
        missing = {}
        for conflict in self.conflicts:
            choice, edited = choices.get(conflict.name, (None, None))
            if choice == OURS:
                value = conflict.ours
            elif choice == THEIRS:
                value = conflict.theirs
            elif choice == EDITED and conflict.is_text:
                value = edited
            else:
                missing[conflict.name] = _("Choose which value to keep.")
                continue
            if conflict.name == CITATIONS:
                state[CITATIONS] = value
            else:
                state["fields"][conflict.name] = value
        if missing:
            raise ValidationError(missing)
        return state


def merge_states(entry_type: EntryType, base: State, ours: State, theirs: State) -> Merge:
    result = Merge(state=empty_state(entry_type))
    for model_field in entry_type.fields:
        name = model_field.name
        values = [s.get("fields", {}).get(name) for s in (base, ours, theirs)]
        merged, conflict = _merge_value(*values, is_text=_is_text(model_field))
        result.state["fields"][name] = values[2] if conflict else merged
        if conflict:
            result.conflicts.append(
                FieldConflict(name, str(model_field.verbose_name), *values, _is_text(model_field))
            )
        elif merged != values[2]:
            result.from_ours.append(name)
    for model_field in entry_type.m2m_fields:
        name = model_field.name
        b, o, t = (set(s.get("m2m", {}).get(name, [])) for s in (base, ours, theirs))
        merged = sorted((t | (o - b)) - (b - o))
        result.state["m2m"][name] = merged
        if merged != sorted(t):
            result.from_ours.append(name)
    if entry_type.citation_model:
        rows = [s.get(CITATIONS, []) for s in (base, ours, theirs)]
        merged = merge_citations(*rows)
        result.state[CITATIONS] = rows[2] if merged is None else merged
        if merged is None:
            result.conflicts.append(FieldConflict(CITATIONS, _("citations"), *rows, is_text=False))
        elif merged != rows[2]:
            result.from_ours.append(CITATIONS)
    return result


def _is_text(model_field) -> bool:
    return isinstance(model_field, (models.CharField, models.TextField)) and not model_field.choices


def _merge_value(base, ours, theirs, *, is_text) -> tuple[Any, bool]:
    """(merged value, is a conflict)."""
    if ours in (theirs, base):
        return theirs, False
    if theirs == base:
        return ours, False
    if is_text and all(isinstance(v, str) for v in (base, ours, theirs)):
        merged = merge_text(base, ours, theirs)
        if merged is not None:
            return merged, False
    return None, True


# --- text -----------------------------------------------------------------------

# Two edits of one side separated by fewer unchanged characters than this count as
# one: a rewritten phrase often keeps a stray particle (の, は) that SequenceMatcher
# matches, and the other side's edit must not slip in between.
_JOIN_GAP = 3


@dataclass(slots=True)
class _Hunk:
    start: int  # in base
    end: int
    text: str  # what replaces base[start:end]


def _hunks(base: str, other: str) -> list[_Hunk]:
    hunks: list[_Hunk] = []
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if hunks and i1 - hunks[-1].end < _JOIN_GAP:
            last = hunks[-1]
            last.text += base[last.end : i1] + other[j1:j2]
            last.end = i2
        else:
            hunks.append(_Hunk(i1, i2, other[j1:j2]))
    return hunks


def _touch(a: _Hunk, b: _Hunk) -> bool:
    """Whether two edits of the base overlap or meet (no unchanged character between)."""
    return a.start <= b.end and b.start <= a.end


def merge_text(base: str, ours: str, theirs: str) -> str | None:
    """Both sides' edits of ``base`` applied, or None when they overlap or meet."""
    edits = [(h, "o") for h in _hunks(base, ours)] + [(h, "t") for h in _hunks(base, theirs)]
    edits.sort(key=lambda item: (item[0].start, item[0].end))
    applied: list[_Hunk] = []
    for hunk, _side in edits:
        if applied and _touch(applied[-1], hunk):
            previous = applied[-1]
            if (previous.start, previous.end, previous.text) == (hunk.start, hunk.end, hunk.text):
                continue  # the same edit on both sides
            return None
        applied.append(hunk)
    parts, position = [], 0
    for hunk in applied:
        parts.append(base[position : hunk.start])
        parts.append(hunk.text)
        position = hunk.end
    parts.append(base[position:])
    return "".join(parts)


# --- citations ------------------------------------------------------------------


def merge_citations(base: list, ours: list, theirs: list) -> list | None:
    """Citations merged as a list of sources, or None on a conflict.

    Sources added or removed on either side are added or removed; a citation's
    attribution (on whose word) merges like a field; the order comes from the side
    that reordered the sources it shares with the base. Both sides reordering
    differently, or one changing the attribution of a source the other removed,
    is a conflict.
    """
    b, o, t = ({row["source"]: row for row in rows} for rows in (base, ours, theirs))
    kept = (set(t) | (set(o) - set(b))) - (set(b) - set(o))
    rows = {}
    for source in kept:
        if source in o and source in t:
            merged, conflict = _merge_value(
                _attribution(b.get(source)),
                _attribution(o[source]),
                _attribution(t[source]),
                is_text=False,
            )
            if conflict:
                return None
            rows[source] = o[source] if merged == _attribution(o[source]) else t[source]
        else:
            rows[source] = o.get(source) or t[source]
    for source in (set(b) - set(o)) & set(t):  # ours removed it: did theirs edit it?
        if _attribution(t[source]) != _attribution(b[source]):
            return None
    for source in (set(b) - set(t)) & set(o):  # theirs removed it: did ours edit it?
        if _attribution(o[source]) != _attribution(b[source]):
            return None
    ours_moved = _reordered(list(b), list(o))
    theirs_moved = _reordered(list(b), list(t))
    if ours_moved and theirs_moved and _shared_order(o, t) != _shared_order(t, o):
        return None
    primary, secondary = (list(o), list(t)) if ours_moved else (list(t), list(o))
    order = _interleave([s for s in primary if s in kept], [s for s in secondary if s in kept])
    return [rows[source] for source in order]


def _attribution(row):
    return None if row is None else (row.get("via"), row.get("via_note") or "")


def _shared_order(one, other) -> list:
    return [source for source in one if source in other]


def _reordered(base_order: list, side_order: list) -> bool:
    """Whether a side changed the relative order of the sources it shares with the base."""
    return _shared_order(base_order, side_order) != _shared_order(side_order, base_order)


def _interleave(primary: list, secondary: list) -> list:
    """``primary``'s order, with what only ``secondary`` has placed after its predecessor there."""
    order = list(primary)
    for index, source in enumerate(secondary):
        if source in order:
            continue
        before = next(
            (s for s in reversed(secondary[:index]) if s in order),
            None,
        )
        order.insert(order.index(before) + 1 if before is not None else 0, source)
    return order

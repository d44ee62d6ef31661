"""Three-way merge of a proposal with what was published since it was based.

*base* is the published state the author edited, *ours* the proposal, *theirs*
the state published now. A field changed on one side only takes that side's
value; the same change on both sides is no conflict; prose changed on both
sides merges when the changed spans do not touch (character by character, since
Japanese has no spaces between words); links merge as sets; citations merge as
a list; fields that mean one thing together (a date and its precision) merge as
one. Anything else is a conflict that a person resolves explicitly: nothing
published since the base is overwritten unless someone chose it.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from apps.core.registry import EntryType

from .state import State, citation_details, empty_state

CITATIONS = "citations"
OURS, THEIRS, EDITED = "ours", "theirs", "edited"


@dataclass(slots=True)
class FieldConflict:
    """A field both sides changed differently: the three values, raw as in a state.

    For fields merged together, ``name`` is the first of them and each value a dict
    of the group's values.
    """

    name: str
    label: str
    base: Any
    ours: Any
    theirs: Any
    is_text: bool
    members: tuple[str, ...] = ()


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

    def promote(self, entry_type: EntryType, names, base: State, ours: State, theirs: State):
        """Make conflicts of what merged by itself into an invalid whole.

        ``names`` are the fields a validation error names; of those, what neither side
        changed cannot be the cause and stays as it is.
        """
        taken = {name for c in self.conflicts for name in (c.members or (c.name,))}
        for unit in _units(entry_type):
            members = set(unit) if isinstance(unit, tuple) else {unit}
            if taken & members or not members & set(names):
                continue
            values = [_unit_value(unit, state) for state in (base, ours, theirs)]
            if values[0] == values[1] == values[2]:
                continue
            self.conflicts.append(_conflict(entry_type, unit, *values))
            _set_unit(self.state, unit, values[2])
            self.from_ours = [name for name in self.from_ours if name not in members]

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
            elif conflict.members:
                state["fields"].update(value)
            else:
                state["fields"][conflict.name] = value
        if missing:
            raise ValidationError(missing)
        return state


def merge_states(entry_type: EntryType, base: State, ours: State, theirs: State) -> Merge:
    result = Merge(state=empty_state(entry_type))
    for unit in _units(entry_type):
        values = [_unit_value(unit, state) for state in (base, ours, theirs)]
        if unit == CITATIONS:
            merged = merge_citations(*values)
            conflict = merged is None
        elif unit in result.state["m2m"]:
            merged, conflict = _merge_links(*values), False
        else:
            prose = not isinstance(unit, tuple) and _is_prose(_field(entry_type, unit))
            merged, conflict = _merge_value(*values, is_text=prose)
        if conflict:
            result.conflicts.append(_conflict(entry_type, unit, *values))
            merged = values[2]
        elif merged != values[2]:
            result.from_ours.append(unit[0] if isinstance(unit, tuple) else unit)
        _set_unit(result.state, unit, merged)
    return result


def merge_checked(entry_type: EntryType, base: State, ours: State, theirs: State, validate):
    """``merge_states``, then what merged by itself into a state ``validate`` refuses
    (a date one side moved past an end the other added) becomes a conflict too."""
    merge = merge_states(entry_type, base, ours, theirs)
    try:
        validate(merge.state)
    except ValidationError as exc:
        named = list(exc.message_dict) if hasattr(exc, "error_dict") else []
        fields = {f.name for f in [*entry_type.fields, *entry_type.m2m_fields]} | {CITATIONS}
        if not fields & set(named):  # no field named: everything the change brought in
            named = list(merge.from_ours)
        merge.promote(entry_type, named, base, ours, theirs)
    return merge


def _units(entry_type: EntryType) -> list:
    """What merges as one: a field, a group of fields (a tuple), a link field, the citations."""
    grouped = {name for group in entry_type.merged_together for name in group}
    units = list(entry_type.merged_together)
    units += [f.name for f in entry_type.fields if f.name not in grouped]
    units += [f.name for f in entry_type.m2m_fields]
    if entry_type.citation_model:
        units.append(CITATIONS)
    return units


def _unit_value(unit, state: State):
    if unit == CITATIONS:
        return state.get(CITATIONS, [])
    if isinstance(unit, tuple):
        return {name: state.get("fields", {}).get(name) for name in unit}
    if unit in state.get("m2m", {}):
        return state["m2m"][unit]
    return state.get("fields", {}).get(unit)


def _set_unit(state: State, unit, value) -> None:
    if unit == CITATIONS:
        state[CITATIONS] = value
    elif isinstance(unit, tuple):
        state["fields"].update(value)
    elif unit in state["m2m"]:
        state["m2m"][unit] = value
    else:
        state["fields"][unit] = value


def _conflict(entry_type: EntryType, unit, base, ours, theirs) -> FieldConflict:
    if unit == CITATIONS:
        return FieldConflict(CITATIONS, _("citations"), base, ours, theirs, is_text=False)
    if isinstance(unit, tuple):
        label = str(_field(entry_type, unit[0]).verbose_name)
        return FieldConflict(unit[0], label, base, ours, theirs, is_text=False, members=unit)
    model_field = _field(entry_type, unit)
    return FieldConflict(
        unit, str(model_field.verbose_name), base, ours, theirs, _is_prose(model_field)
    )


def _field(entry_type: EntryType, name: str):
    return entry_type.model._meta.get_field(name)


def _is_prose(model_field) -> bool:
    """Text a person writes and another may edit elsewhere in: merged character by character.

    Not identifiers (slugs, URLs, e-mail addresses), nor anything with choices: a mix of
    two of those is a value nobody typed.
    """
    return (
        isinstance(model_field, (models.CharField, models.TextField))
        and not isinstance(model_field, (models.SlugField, models.URLField, models.EmailField))
        and not model_field.choices
    )


def _merge_links(base, ours, theirs) -> list:
    b, o, t = set(base or []), set(ours or []), set(theirs or [])
    return sorted((t | (o - b)) - (b - o))


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

# Longer texts are left to a person: comparing characters costs time that grows with
# the square of the length, and a request must not wait on it.
MAX_MERGED_LENGTH = 10_000


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
    """Both sides' edits of ``base`` applied, or None when they could collide.

    Each side's edits, from its first to its last, must lie apart from the other's,
    with at least one unchanged character between; one side's edits all made by the
    other too leave the other's text. The result is checked from both sides: on
    repeated phrases a diff can place an edit in another copy of the phrase than the
    one the editor changed, and such a merge is a conflict, not a text nobody wrote.
    """
    if max(len(base), len(ours), len(theirs)) > MAX_MERGED_LENGTH:
        return None
    ours_hunks, theirs_hunks = _hunks(base, ours), _hunks(base, theirs)
    shared = {_key(h) for h in ours_hunks} & {_key(h) for h in theirs_hunks}
    if all(_key(h) in shared for h in ours_hunks):
        return theirs  # what ours did, theirs did too
    if all(_key(h) in shared for h in theirs_hunks):
        return ours
    if _touch(_span(ours_hunks), _span(theirs_hunks)):
        # The sides' edits overlap, meet or interleave: which goes where would be a guess
        # (a diff of repeated phrases may place an edit in another copy of the phrase).
        return None
    merged = _apply(base, ours_hunks + theirs_hunks)
    # Seen from each side, the merge must make exactly the other side's edits.
    if _edits(theirs, merged) != _edits(base, ours) or _edits(ours, merged) != _edits(base, theirs):
        return None
    return merged


def _span(hunks: list[_Hunk]) -> _Hunk:
    """From the first of a side's edits to its last."""
    return _Hunk(min(h.start for h in hunks), max(h.end for h in hunks), "")


def _key(hunk: _Hunk) -> tuple:
    return (hunk.start, hunk.end, hunk.text)


def _edits(old: str, new: str) -> list[tuple[str, str]]:
    """What changes ``old`` into ``new``, as (removed, inserted) pairs without positions."""
    return [(old[h.start : h.end], h.text) for h in _hunks(old, new)]


def _apply(base: str, hunks: list[_Hunk]) -> str:
    """``base`` with every hunk applied (they lie apart)."""
    parts, position = [], 0
    for hunk in sorted(hunks, key=lambda hunk: hunk.start):
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
    return None if row is None else citation_details(row)


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

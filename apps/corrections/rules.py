"""When a change needs a public correction: it alters the substance of a published entry."""

from django.utils.translation import gettext_lazy as _

from apps.core.registry import DATE_PARTS, RELATIVE_DATE, EntryType
from apps.core.states import State

# The fields whose change alters what an entry asserts, by what readers call them. Text is
# the reviewer's to judge (a typo is not a correction); these never are.
SUBSTANCE = {
    **dict.fromkeys((*DATE_PARTS, *RELATIVE_DATE), _("the date")),
    **dict.fromkeys(("figure", "figure_high", "qualifier", "scope"), _("the figure")),
    "claimant": _("who claims it"),
    **dict.fromkeys(("claim_status", "claim_rank"), _("the claim's status or rank")),
}


def substantive_changes(entry_type: EntryType, before: State, after: State) -> list[str]:
    """What a change from ``before`` to ``after`` alters of an entry's substance, as readers
    name it: its date, figure, claimant, status or rank, or a citation it no longer has."""
    old, new = before.get("fields", {}), after.get("fields", {})
    names = {field.name for field in entry_type.fields}
    found = []
    for name, label in SUBSTANCE.items():
        if name in names and old.get(name) != new.get(name) and label not in found:
            found.append(label)
    kept = {row.get("source") for row in after.get("citations", [])}
    if any(row.get("source") not in kept for row in before.get("citations", [])):
        found.append(_("a citation removed"))
    return [str(label) for label in found]

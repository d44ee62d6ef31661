"""The admin: editing an entry proposes a change; reviewers decide on the change's page.

* ``entries`` — ``EntryAdmin``, the base of every content admin, and ``CitationInline``;
  delete, history, compare, restore and recover.
* ``editing`` — ``EntryFormView``: the entry form, from what the editor sees to one
  proposal (read it top to bottom to follow a save).
* ``changes`` — the moderation queue, a change's page (review, revisions, merge,
  withdraw) and recent changes.
* ``changesets`` — changesets: several entries reviewed and published as one.
* ``review`` — what the pages of the review share (filters, decision, claim, comments);
  ``decisions`` — recent changes.
* ``preview`` — the public pages as they will look once a change is approved.
"""

from .changes import ChangeRequestAdmin
from .changesets import ChangesetAdmin
from .decisions import DecisionAdmin
from .entries import CitationInline, EntryAdmin

__all__ = ["ChangeRequestAdmin", "ChangesetAdmin", "CitationInline", "DecisionAdmin", "EntryAdmin"]

"""The only way editorial content is written: propose, revise, merge, send back, decide.

Every function takes keyword-only arguments, validates, and runs in one
transaction. Views and the admin call these; nothing else writes an entry.

Every save of a proposal records an immutable ``ChangeRevision``. A decision
names the revision the reviewer looked at and is refused when a newer one
exists; a revision based on an older published version than the current one is
merged with it (``merge``) before anyone can approve it, so nothing published
in between is lost and nothing is published that a reviewer did not see.

* ``changes`` — one entry's change, from proposal to decision;
* ``changesets`` — several entries reviewed and published as one;
* ``discussion`` — comments, claims and watches;
* ``guards`` — who may do what, in which state; ``records`` — the rows a proposal leaves.

The write itself, for approval and for a look that is rolled back, is
``moderation.publishing``.
"""

from ..exceptions import (
    AlreadyDecided,
    Claimed,
    Conflict,
    ModerationError,
    NotAllowed,
    Revised,
    RuleBroken,
)
from ..references import references_to
from .changes import (
    change_approve,
    change_merge,
    change_propose,
    change_propose_deletion,
    change_propose_restore,
    change_reject,
    change_request_changes,
    change_revise,
    change_withdraw,
    changeset_for_adding,
)
from .changesets import (
    changeset_approve,
    changeset_describe,
    changeset_reject,
    changeset_request_changes,
    changeset_submit,
    changeset_withdraw,
)
from .discussion import (
    MENTION,
    change_claim,
    change_release,
    changeset_claim,
    changeset_release,
    comment_add,
    comment_resolve,
    watch_start,
    watch_stop,
)
from .guards import can_propose, can_review, may_discuss, may_preview

__all__ = [
    "MENTION",
    "AlreadyDecided",
    "Claimed",
    "Conflict",
    "ModerationError",
    "NotAllowed",
    "Revised",
    "RuleBroken",
    "can_propose",
    "can_review",
    "change_approve",
    "change_claim",
    "change_merge",
    "change_propose",
    "change_propose_deletion",
    "change_propose_restore",
    "change_reject",
    "change_release",
    "change_request_changes",
    "change_revise",
    "change_withdraw",
    "changeset_approve",
    "changeset_claim",
    "changeset_describe",
    "changeset_for_adding",
    "changeset_reject",
    "changeset_release",
    "changeset_request_changes",
    "changeset_submit",
    "changeset_withdraw",
    "comment_add",
    "comment_resolve",
    "may_discuss",
    "may_preview",
    "references_to",
    "watch_start",
    "watch_stop",
]

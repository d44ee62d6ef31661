"""Proposed changes, their revisions, and the record of who published what.

A ``ChangeRequest`` holds a complete proposed state outside the live tables;
only ``services.change_approve`` writes it to an entry, inside a
django-reversion revision that carries a ``PublicationMeta``. Every save of a
proposal adds an immutable ``ChangeRevision``; a reviewer decides on one
revision by its number, so nothing is published that the reviewer did not see.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version

from apps.core.models import bounded_text


class Action(models.TextChoices):
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")


class Status(models.TextChoices):
    # A changeset being put together: nobody reviews it until its author submits it.
    DRAFT = "draft", _("draft")
    PENDING = "pending", _("pending")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


# A change its author can still revise: a draft, waiting for review, or sent back for changes.
OPEN_STATUSES = (Status.DRAFT, Status.PENDING, Status.CHANGES_REQUESTED)


class RevisionKind(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    REVISED = "revised", _("revised")
    MERGED = "merged", _("merged with the published version")


class Reviewable(models.Model):
    """What a single change and a changeset share: the review's course, from the proposal to
    the decision, and the claim of the reviewer looking at it.

    ``revision`` counts what the author saved; a decision names the revision it was made
    on, so that nothing is published that the reviewer did not see.
    """

    summary = models.CharField(_("edit summary"), max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    revision = models.PositiveIntegerField(
        _("revision"), default=1, help_text=_("Number of the latest revision.")
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    revised_at = models.DateTimeField(_("last revised at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # A reviewer claims a pending change so that two do not review it at once; the claim
    # runs out after MODERATION_CLAIM_MINUTES (``claim_holder``).
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    decision_note = models.TextField(
        _("reason"), blank=True, help_text=_("Why the change was rejected; shown to the author.")
    )

    class Meta:
        abstract = True

    @property
    def is_open(self):
        """A draft, pending, or sent back to its author: not decided yet."""
        return self.status in OPEN_STATUSES

    @property
    def claim_ends_at(self):
        if self.claimed_at is None:
            return None
        return self.claimed_at + timedelta(minutes=settings.MODERATION_CLAIM_MINUTES)

    def claim_holder_id(self):
        """The reviewer whose claim on this pending change still runs, if any."""
        if self.claimed_by_id is None or self.status != Status.PENDING:
            return None
        return self.claimed_by_id if timezone.now() < self.claim_ends_at else None


def decision_constraints(prefix: str) -> list[models.CheckConstraint]:
    """The invariants of a review's course, named ``<prefix>_…``."""
    return [
        models.CheckConstraint(
            condition=Q(status__in=Status.values), name=f"{prefix}_status_valid"
        ),
        models.CheckConstraint(
            condition=Q(status__in=OPEN_STATUSES, decided_at__isnull=True, reviewer__isnull=True)
            | Q(status=Status.WITHDRAWN, decided_at__isnull=False, reviewer__isnull=True)
            | Q(
                status__in=[Status.APPROVED, Status.REJECTED],
                decided_at__isnull=False,
                reviewer__isnull=False,
            ),
            name=f"{prefix}_decision_recorded",
        ),
        models.CheckConstraint(
            condition=~Q(status=Status.REJECTED) | ~Q(decision_note=""),
            name=f"{prefix}_rejection_has_reason",
        ),
        models.CheckConstraint(condition=Q(revision__gte=1), name=f"{prefix}_revision_positive"),
    ]


class ChangesetQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Status.PENDING)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def visible_to(self, user):
        """What ``user`` may see: a changeset never submitted is its author's alone."""
        return self.exclude(Q(submitted_at__isnull=True) & ~Q(author=user))


class Changeset(Reviewable):
    """Several entries proposed together — typically a new source, the event it reports and
    the figure it gives — reviewed, sent back and published as one.

    Each entry is a ``ChangeRequest`` of the changeset (its diff, its revisions, its merge);
    the changeset carries the review: status, claim, discussion and decision, mirrored on
    its changes. An entry new in the changeset is referred to by its provisional id
    (``publishing.provisional_id``) until the changeset is published.
    """

    object_repr = models.CharField(
        _("entries"), max_length=200, blank=True, help_text=_("What the changeset's entries are.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ChangesetQuerySet.as_manager()

    class Meta:
        verbose_name = _("changeset")
        verbose_name_plural = _("changesets")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="changeset_queue_idx"),
            models.Index(fields=["author", "status"], name="changeset_author_idx"),
        ]
        constraints = [
            *decision_constraints("changeset"),
            # A draft may wait for its summary; what is submitted says what it is. A draft
            # can be withdrawn (discarded) without ever being submitted.
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(summary=""),
                name="changeset_summary_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.DRAFT, Status.WITHDRAWN])
                | Q(submitted_at__isnull=False),
                name="changeset_submitted_when_not_draft",
            ),
            # The "+" beside a field adds to one's draft: there is one at a time.
            models.UniqueConstraint(
                fields=["author"],
                condition=Q(status=Status.DRAFT),
                name="changeset_one_draft_per_author",
            ),
        ]

    def __str__(self):
        return _("Changeset: %(summary)s") % {"summary": self.summary or _("(draft)")}

    def get_absolute_url(self):
        return reverse("admin:moderation_changeset_change", args=[self.pk])

    @property
    def is_changeset(self) -> bool:
        return True

    @property
    def is_private(self) -> bool:
        """Never submitted: its author's alone."""
        return self.submitted_at is None

    @property
    def headline(self) -> str:
        """What notifications and the desk call it."""
        return _("changeset “%(summary)s”") % {"summary": self.summary or self.object_repr}


class ChangeRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Status.PENDING)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def decided(self):
        return self.exclude(status__in=OPEN_STATUSES)

    def visible_to(self, user):
        """What ``user`` may see: the changes of a changeset never submitted (a draft, or
        one discarded as a draft) are their author's alone."""
        private = Q(changeset__isnull=False, changeset__submitted_at__isnull=True)
        return self.exclude(private & ~Q(author=user))

    def for_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def for_entry(self, model, object_id):
        return self.for_model(model).filter(object_id=object_id)


class ChangeRequest(Reviewable):
    """A proposal: its latest revision's state, its status and the final decision.

    The state, base and summary here are those of the latest revision (number
    ``revision``), copied by the service that records it, so that the queue, the
    conflict checks and the slug reservation read one row; earlier revisions are
    ``revisions``. A change that is part of a ``Changeset`` is reviewed with it.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("kind of entry")
    )
    object_id = models.PositiveBigIntegerField(
        _("entry id"), null=True, blank=True, help_text=_("Empty for a new entry until approval.")
    )
    object_repr = models.CharField(_("entry"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    proposed_state = models.JSONField(
        _("proposed state"), null=True, blank=True, help_text=_("Fields, links and citations.")
    )
    base_state = models.JSONField(
        _("state it was based on"),
        null=True,
        blank=True,
        help_text=_("The published state the author edited; empty for a new entry."),
    )
    base_version = models.PositiveIntegerField(_("based on version"), null=True, blank=True)
    changeset = models.ForeignKey(
        Changeset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("changeset"),
        help_text=_("Reviewed and published together with the other entries of this changeset."),
    )
    restored_from = models.ForeignKey(
        Version,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restores version"),
    )
    reopens = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reopened_as",
        verbose_name=_("reopens"),
        help_text=_("The rejected or withdrawn change this one takes up again."),
    )

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["created_at", "pk"]
        permissions = [("review_changerequest", _("Can approve or reject proposed changes"))]
        indexes = [
            models.Index(fields=["status", "created_at"], name="change_queue_idx"),
            models.Index(fields=["content_type", "object_id", "status"], name="change_entry_idx"),
            models.Index(fields=["author", "status"], name="change_author_idx"),
            models.Index(fields=["decided_at"], name="change_decided_idx"),
        ]
        constraints = [
            *decision_constraints("change"),
            models.CheckConstraint(
                condition=Q(action__in=Action.values), name="change_action_valid"
            ),
            models.CheckConstraint(
                condition=Q(action=Action.CREATE)
                | Q(object_id__isnull=False, base_version__isnull=False),
                name="change_existing_entry_has_base",
            ),
            models.CheckConstraint(
                condition=Q(action=Action.DELETE) | Q(proposed_state__isnull=False),
                name="change_has_state",
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="change_summary_not_empty"),
            models.CheckConstraint(
                condition=~Q(status=Status.DRAFT) | Q(changeset__isnull=False),
                name="change_draft_in_changeset",
            ),
            # One change per entry in a changeset: its diff is the entry's.
            models.UniqueConstraint(
                fields=["changeset", "content_type", "object_id"],
                condition=Q(changeset__isnull=False, object_id__isnull=False)
                & ~Q(status=Status.WITHDRAWN),
                name="change_entry_once_per_changeset",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr} — {self.summary}"

    def get_absolute_url(self):
        return reverse("admin:moderation_changerequest_change", args=[self.pk])

    @property
    def is_changeset(self) -> bool:
        return False

    @property
    def is_private(self) -> bool:
        """In a changeset never submitted: its author's alone."""
        return self.changeset_id is not None and self.changeset.is_private

    @property
    def headline(self) -> str:
        """What notifications and the desk call it: the entry."""
        return self.object_repr

    @property
    def model(self):
        # From ContentType's own cache: a change read on its own costs no extra query.
        return ContentType.objects.get_for_id(self.content_type_id).model_class()

    @property
    def size(self) -> int:
        """How many fields, link lists and the citations the change touches."""
        if self.action == Action.DELETE or not self.proposed_state:
            return 0
        proposed, base = self.proposed_state, self.base_state or {}
        changed = sum(
            1
            for part in ("fields", "m2m")
            for name, value in proposed.get(part, {}).items()
            if (base.get(part) or {}).get(name) != value
        )
        return changed + (proposed.get("citations") != base.get("citations"))


class ChangeRevision(models.Model):
    """One save of a proposal, as it was: never changed once written.

    Revision 1 is the proposal; later ones are the author's revisions and the
    merges with versions published in between. Reviewers compare any two.
    """

    change = models.ForeignKey(
        ChangeRequest,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("proposed change"),
    )
    number = models.PositiveIntegerField(_("revision"))
    kind = models.CharField(_("kind"), max_length=10, choices=RevisionKind.choices)
    proposed_state = models.JSONField(_("proposed state"), null=True, blank=True)
    base_state = models.JSONField(_("state it was based on"), null=True, blank=True)
    base_version = models.PositiveIntegerField(_("based on version"), null=True, blank=True)
    summary = models.CharField(_("edit summary"), max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("revision of a proposed change")
        verbose_name_plural = _("revisions of proposed changes")
        ordering = ["change", "number"]
        constraints = [
            models.UniqueConstraint(fields=["change", "number"], name="revision_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=RevisionKind.values), name="revision_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="revision_summary_not_empty"),
        ]

    def __str__(self):
        return f"{self.change_id}/{self.number}"


class SendBack(models.Model):
    """A reviewer asked the author for changes to one revision (of a change or of a
    changeset), and said which."""

    change = models.ForeignKey(
        ChangeRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="send_backs",
        verbose_name=_("proposed change"),
    )
    changeset = models.ForeignKey(
        Changeset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="send_backs",
        verbose_name=_("changeset"),
    )
    revision = models.PositiveIntegerField(_("revision"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    note = models.TextField(_("requested changes"))
    created_at = models.DateTimeField(_("sent back at"), default=timezone.now)

    class Meta:
        verbose_name = _("request for changes")
        verbose_name_plural = _("requests for changes")
        ordering = ["change", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="sendback_note_not_empty"),
            models.CheckConstraint(
                condition=Q(change__isnull=True) ^ Q(changeset__isnull=True),
                name="sendback_of_change_or_changeset",
            ),
        ]

    def __str__(self):
        return f"{self.change_id or self.changeset_id}/{self.revision}: {self.note[:40]}"


class Decision(ChangeRequest):
    """Recent changes: every decision on a proposed change, newest first."""

    class Meta:
        proxy = True
        verbose_name = _("recent change")
        verbose_name_plural = _("recent changes")


class Comment(models.Model):
    """A word between the author and the reviewers on a change, or on one of its fields.

    In a changeset, a comment is on the changeset (``changeset``), and on one of its entries
    (``change``) and that entry's field when it is about them. ``@username`` in the text
    mentions that person (``mentions``); a comment is resolved when what it asked for is
    done, and can be reopened.
    """

    change = models.ForeignKey(
        ChangeRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("proposed change"),
    )
    changeset = models.ForeignKey(
        Changeset,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("changeset"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = bounded_text(_("comment"))
    field = models.CharField(
        _("on field"),
        max_length=100,
        blank=True,
        help_text=_("The field of the entry the comment is about, if it is about one."),
    )
    revision = models.PositiveIntegerField(_("on revision"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentions")
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["change", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="comment_text_not_empty"),
            models.CheckConstraint(
                condition=Q(change__isnull=False) | Q(changeset__isnull=False),
                name="comment_on_change_or_changeset",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | Q(resolved_at__isnull=False, resolved_by__isnull=False),
                name="comment_resolved_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.changeset_id or self.change_id}/{self.revision}: {self.text[:40]}"


class WatchQuerySet(models.QuerySet):
    def current(self):
        """Watches that have not run out (one ``until`` a past day has)."""
        today = timezone.localdate()
        return self.filter(Q(until__isnull=True) | Q(until__gte=today))

    def of_entry(self, model, object_id):
        return self.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=object_id
        )


class Watch(models.Model):
    """Someone on the desk follows an entry (or a source): its publications and pending
    changes are on their watchlist, and they are told when it is published."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="watches",
        verbose_name=_("user"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("entry type")
    )
    object_id = models.PositiveBigIntegerField(_("entry id"))
    until = models.DateField(
        _("watch until"), null=True, blank=True, help_text=_("Empty: until you stop.")
    )
    created_at = models.DateTimeField(_("watching since"), default=timezone.now)

    objects = WatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("watched entry")
        verbose_name_plural = _("watched entries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="watch_once_per_entry"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.content_type.model}:{self.object_id}"


class PublicationMeta(models.Model):
    """Attached to every revision an approval records: who reviewed which proposal."""

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, related_name="publication", verbose_name=_("revision")
    )
    change_request = models.OneToOneField(
        ChangeRequest,
        on_delete=models.PROTECT,
        related_name="publication",
        verbose_name=_("proposed change"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    not_substantive = models.TextField(
        _("not a correction, because"),
        blank=True,
        help_text=_(
            "The reviewer's reason for publishing a change of substance without a correction "
            "note (a typo, formatting)."
        ),
    )

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return f"{self.revision_id} ← {self.change_request_id}"

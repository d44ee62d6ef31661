"""Who says what, and how sure it is: the fields every attributed statement carries."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ClaimStatus(models.TextChoices):
    REPORTED = "reported", _("reported")
    CORROBORATED = "corroborated", _("corroborated")
    CONFIRMED = "confirmed", _("confirmed")
    DISPUTED = "disputed", _("disputed")
    DENIED = "denied", _("denied")
    RETRACTED = "retracted", _("retracted")


class ClaimRank(models.TextChoices):
    PREFERRED = "preferred", _("preferred")
    NORMAL = "normal", _("normal")
    SUPERSEDED = "superseded", _("superseded")


def needs_basis(status: str, rank: str) -> bool:
    return status not in ("", ClaimStatus.REPORTED) or rank != ClaimRank.NORMAL


class Claim(models.Model):
    """Abstract: an entry that rests on someone's word.

    Status and rank are edited, reviewed and versioned like any other field;
    competing figures are separate entries side by side, never overwritten.
    """

    claim_status = models.CharField(
        _("claim status"),
        max_length=12,
        choices=ClaimStatus.choices,
        blank=True,
        help_text=_(
            "Reported: one party says so. Corroborated: two independent origins. Confirmed: "
            "e.g. by a capture or an official admission. Empty when the entry is not a claim."
        ),
    )
    claim_rank = models.CharField(
        _("rank"), max_length=10, choices=ClaimRank.choices, default=ClaimRank.NORMAL
    )
    claim_note = models.CharField(
        _("basis of the status"),
        max_length=300,
        blank=True,
        help_text=_(
            "Why this status or rank, in the sources' words: “revised from 3,000 to 10,000”. "
            "Needed for every status but reported and every rank but normal."
        ),
    )
    claim_inferred = models.BooleanField(
        _("an editor's inference"),
        default=False,
        help_text=_(
            "Tick when no source states this status or rank and it is your conclusion; the "
            "basis then gives your reason, and readers are shown it as yours."
        ),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(claim_status__in=["", *ClaimStatus.values]),
                name="%(app_label)s_%(class)s_claim_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(claim_rank__in=ClaimRank.values),
                name="%(app_label)s_%(class)s_claim_rank_valid",
            ),
            models.CheckConstraint(
                condition=~Q(claim_rank=ClaimRank.SUPERSEDED) | ~Q(claim_note=""),
                name="%(app_label)s_%(class)s_superseded_has_reason",
                violation_error_message=_("Say why the claim is superseded."),
            ),
            models.CheckConstraint(
                condition=Q(claim_inferred=False) | ~Q(claim_note=""),
                name="%(app_label)s_%(class)s_inference_has_reason",
                violation_error_message=_("An editor's inference gives its reason."),
            ),
        ]

    @property
    def is_superseded(self) -> bool:
        return self.claim_rank == ClaimRank.SUPERSEDED

    @property
    def needs_basis(self) -> bool:
        """A status beyond "reported", or a rank beyond "normal", says what it rests on."""
        return needs_basis(self.claim_status, self.claim_rank)

    def clean(self):
        super().clean()
        if self.claim_rank == ClaimRank.SUPERSEDED and not self.claim_note.strip():
            raise ValidationError({"claim_note": _("Say why the claim is superseded.")})
        if self.claim_rank != ClaimRank.NORMAL and not self.claim_status:
            raise ValidationError({"claim_rank": _("Only a claim (with a status) has a rank.")})
        if self.claim_inferred and not self.claim_note.strip():
            raise ValidationError(
                {"claim_note": _("An editor's inference gives its reason: say why.")}
            )

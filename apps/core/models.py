"""The base every editorial entry shares: a slug as natural key and a version counter."""

from django.core.validators import MaxLengthValidator
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long a text an editor types may be, in characters. The article's longest paragraph is
# about 600; a limit bounds the work of every diff, merge and page that shows it.
TEXT_LIMIT = 4000
SHORT_TEXT_LIMIT = 1000  # a statement, a quotation, a basis, a footnote's anchors


def bounded_text(verbose_name, limit=TEXT_LIMIT, **options) -> models.TextField:
    """A TextField whose limit is enforced when it is validated, as every proposal is
    (a TextField's ``max_length`` alone only sizes the form), with Django's message that
    names the limit and the length."""
    return models.TextField(
        verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **options
    )


class EntryQuerySet(models.QuerySet):
    def published(self):
        """The single read path of the public site.

        Live tables hold only published states: proposals wait in
        ``moderation.ChangeRequest`` and reach these tables only through
        ``change_approve``. Public selectors start here so that a future
        publication rule (embargo, hidden entries) has exactly one home.
        """
        return self  # no copy needed: a rule added here (a filter) returns a new queryset


class EntryManager(models.Manager.from_queryset(EntryQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Entry(models.Model):
    """Abstract base of every moderated, versioned entry."""

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_(
            "Stable identifier used in URLs and fixtures: lower-case latin letters, digits "
            "and hyphens. Leave empty on a new entry to have one generated."
        ),
    )
    version = models.PositiveIntegerField(
        _("published version"),
        default=1,
        editable=False,
        help_text=_("Counts published versions; a proposal records the version it was based on."),
    )

    objects = EntryManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class ContentVersion(models.Model):
    """One row counting publications: public pages use it as their ETag and cache key.

    Bumped in the transaction that publishes, so a reader never sees a page
    older than the last approval; locked first by that transaction, so that
    publications queue (``lock_for_publication``).
    """

    ROW = 1
    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M})"

    @classmethod
    def current(cls) -> tuple[int, object]:
        row = cls.objects.filter(pk=cls.ROW).values_list("number", "changed_at").first()
        return row or (0, None)

    @classmethod
    def lock_for_publication(cls, using=DEFAULT_DB_ALIAS) -> None:
        """Queue the publications of concurrent transactions one after the other.

        Taken first, before any entry's row: two approvals touching one branch of
        actors would otherwise lock each other's rows in opposite orders (a deadlock
        PostgreSQL breaks by failing one). Reviewers publish one change at a time, so
        the queue costs nothing a reader sees; proposals and reads do not wait on it.
        """
        cls.objects.using(using).select_for_update().get_or_create(pk=cls.ROW)

    @classmethod
    def bump(cls, using=DEFAULT_DB_ALIAS) -> None:
        now = timezone.now()
        rows = cls.objects.using(using)
        if not rows.filter(pk=cls.ROW).update(number=F("number") + 1, changed_at=now):
            rows.get_or_create(pk=cls.ROW, defaults={"number": 1, "changed_at": now})

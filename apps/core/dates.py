"""Dates with a precision: 2024年10月18日, 2024年10月上旬, 2024年8月頃, 2024年12月.

A fuzzy date is stored as the first day of its period (``date``), the
precision, an "approximate" flag and, for ranges, the first day of the last
period (``date_end``). ``date_last`` — the last day the entry covers — is
derived on save so that SQL can filter on overlap and sort without knowing
about precision.

Two precisions say what the sources give instead of a date:

- a *part* of a month, as Japanese writes it: 上旬 (days 1–10), 中旬 (11–20) and
  下旬 (21 to the end), stored as the first day of the part;
- *undated*: the sources give no date. ``date`` is then the day the entry was first
  reported — the publication date of its earliest source — so that it is listed,
  sorted and filtered by that day, and it is always shown as "報道 2024年10月18日" /
  "reported 18 October 2024", never as the date of the event.
"""

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_save
from django.utils import formats, translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    PART = "part", _("part of a month")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    UNDATED = "undated", _("undated (listed by the day it was reported)")


# The parts of a month: the day each starts on, and how Japanese names it.
PART_STARTS = (1, 11, 21)
PART_NAMES = {1: "上旬", 11: "中旬", 21: "下旬"}


def _part_start_day(day: int) -> int:
    return max(start for start in PART_STARTS if start <= day)


def period_start(value: datetime.date, precision: str) -> datetime.date:
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.PART:
        return value.replace(day=_part_start_day(value.day))
    return value


def period_last_day(value: datetime.date, precision: str) -> datetime.date:
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    month_end = calendar.monthrange(value.year, value.month)[1]
    if precision == DatePrecision.MONTH:
        return value.replace(day=month_end)
    if precision == DatePrecision.PART:
        start = _part_start_day(value.day)
        return value.replace(day=month_end if start == 21 else start + 9)
    return value


@dataclass(frozen=True)
class FuzzyDate:
    """A date as precise as the source allows, displayed the way it is known."""

    start: datetime.date
    precision: str = DatePrecision.DAY
    approximate: bool = False
    end: datetime.date | None = None

    @property
    def last_day(self) -> datetime.date:
        return period_last_day(self.end or self.start, self.precision)

    @classmethod
    def of_fields(cls, fields: dict) -> "FuzzyDate":
        """The date of an entry's stored fields (a published state: ISO strings)."""
        end = fields.get("date_end")
        return cls(
            datetime.date.fromisoformat(fields["date"]),
            fields["date_precision"],
            bool(fields.get("date_approximate")),
            datetime.date.fromisoformat(end) if end else None,
        )

    @property
    def undated(self) -> bool:
        """The sources give no date; ``start`` is the day it was first reported."""
        return self.precision == DatePrecision.UNDATED

    def __str__(self) -> str:
        return _display(self, translation.get_language())

    def _display(self) -> str:
        if self.undated:
            # Translators: an undated entry, listed by its earliest source: "報道 2024年10月18日".
            return pgettext("undated entry", "reported %(date)s") % {
                "date": formats.date_format(self.start, "DATE_FORMAT")
            }
        text = (
            self._format_range()
            if self.end and self.end != self.start
            else self._format(self.start)
        )
        if self.approximate:
            # Translators: an approximate date, e.g. "2024年8月頃" / "c. August 2024".
            return gettext("c. %(date)s") % {"date": text}
        return text

    @cached_property
    def iso(self) -> str:
        """``isoformat()``, once: pages write it in every ``<time datetime>``."""
        return self.isoformat()

    def isoformat(self) -> str:
        """ISO 8601 reduced precision: 2024-10-18, 2024-08, 2024 (with /end for ranges);
        a part of a month is the interval of its days (2024-10-01/2024-10-10); an undated
        entry has no date (empty)."""
        if self.undated:
            return ""
        if self.precision == DatePrecision.PART:
            return f"{self.start.isoformat()}/{self.last_day.isoformat()}"
        length = {DatePrecision.DAY: 10, DatePrecision.MONTH: 7, DatePrecision.YEAR: 4}[
            self.precision
        ]
        text = self.start.isoformat()[:length]
        if self.end and self.end != self.start:
            text += "/" + self.end.isoformat()[:length]
        return text

    @property
    def machine(self) -> str:
        """What ``<time datetime>`` carries: the date; for a part of a month, the month
        (HTML has no thirds of months); for an undated entry, the day it was reported,
        which its text says."""
        if self.undated:
            return self.start.isoformat()
        if self.precision == DatePrecision.PART:
            start, end = self.start.isoformat()[:7], (self.end or self.start).isoformat()[:7]
            return start if start == end else f"{start}/{end}"
        return self.iso

    def _format(self, value: datetime.date) -> str:
        if self.precision == DatePrecision.PART:
            return _format_part(value)
        if self.precision == DatePrecision.YEAR:
            # Translators: Django date format of a year alone; Japanese adds 年.
            return formats.date_format(value, pgettext("date format", "Y"))
        if self.precision == DatePrecision.MONTH:
            return formats.date_format(value, "YEAR_MONTH_FORMAT")
        return formats.date_format(value, "DATE_FORMAT")

    def _format_range(self) -> str:
        start, end = self.start, self.end
        if translation.get_language() == "ja":
            # Japanese drops the parts the end shares with the start:
            # 2024年10月1日〜15日, 2024年10月〜11月, 2024年12月30日〜2025年1月2日.
            if start.year != end.year:
                return f"{self._format(start)}〜{self._format(end)}"
            if self.precision == DatePrecision.DAY and start.month == end.month:
                return f"{self._format(start)}〜{end.day}日"
            if self.precision == DatePrecision.PART:
                part = PART_NAMES[_part_start_day(end.day)]
                if start.month == end.month:
                    return f"{self._format(start)}〜{part}"
                return f"{self._format(start)}〜{end.month}月{part}"
            tail = {
                DatePrecision.DAY: f"{end.month}月{end.day}日",
                DatePrecision.MONTH: f"{end.month}月",
            }
            return f"{self._format(start)}〜{tail.get(self.precision, self._format(end))}"
        if self.precision == DatePrecision.PART and (start.year, start.month) == (
            end.year,
            end.month,
        ):
            # Translators: a range of parts of one month: "early to mid October 2024".
            return pgettext("part of a month", "%(start)s to %(end)s %(month)s") % {
                "start": _part_name(start.day),
                "end": _part_name(end.day),
                "month": formats.date_format(start, "YEAR_MONTH_FORMAT"),
            }
        return f"{self._format(start)} – {self._format(end)}"


def _part_name(day: int) -> str:
    day = _part_start_day(day)
    names = {
        # Translators: the first ten days of a month (上旬).
        1: pgettext("part of a month", "early"),
        # Translators: days 11 to 20 of a month (中旬).
        11: pgettext("part of a month", "mid"),
        # Translators: from the 21st to the end of a month (下旬).
        21: pgettext("part of a month", "late"),
    }
    return names[day]


def _format_part(value: datetime.date) -> str:
    """2024年10月上旬 / early October 2024."""
    month = formats.date_format(value, "YEAR_MONTH_FORMAT")
    if translation.get_language() == "ja":
        return f"{month}{PART_NAMES[_part_start_day(value.day)]}"
    return f"{_part_name(value.day)} {month}"


# What editors type: 2024, 2024-10, 2024年10月, 2024/10/22, 2024年10月18日 (widths folded by
# NFKC, so ２０２４年 is 2024年); a trailing 頃 marks the date approximate; 上旬, 中旬 or 下旬
# after a month (or early, mid, late before it) a part of the month; 報道 (or "reported")
# before a day an undated entry, listed by the day it was reported.
_TYPED_DATE = re.compile(
    r"(?P<year>\d{4})(?:年)?"
    r"(?:(?:[-/.]|(?<=年))(?P<month>\d{1,2})(?:月)?"
    r"(?:(?:[-/.]|(?<=月))(?P<day>\d{1,2})(?:日)?)?)?"
)
_APPROXIMATE = ("頃", "ごろ", "前後")
_PARTS = {"上旬": 1, "中旬": 11, "下旬": 21, "early": 1, "mid": 11, "late": 21}
_REPORTED = ("報道", "reported")


@dataclass(frozen=True)
class TypedDate:
    """A date as an editor typed it: the first day of its period, and the precision."""

    start: datetime.date
    precision: str
    approximate: bool = False


def parse_typed_date(text: str) -> TypedDate:
    """Read 2024, 2024-10, 2024年10月, 2024年10月上旬, 2024-10-18, 2024/10/18, 2024年10月18日
    or 報道 2024-10-18.

    The precision is what was typed; 頃 at the end makes the date approximate.
    Raises ``ValueError`` with a message for the editor.
    """
    cleaned = unicodedata.normalize("NFKC", text or "").replace(" ", "").lower()
    approximate = cleaned.endswith(_APPROXIMATE)
    for marker in _APPROXIMATE:
        cleaned = cleaned.removesuffix(marker)
    undated = cleaned.startswith(_REPORTED)
    for marker in _REPORTED:
        cleaned = cleaned.removeprefix(marker)
    part = None
    for name, first_day in _PARTS.items():
        if cleaned.endswith(name) or cleaned.startswith(name):
            part = first_day
            cleaned = cleaned.removesuffix(name).removeprefix(name)
            break
    match = _TYPED_DATE.fullmatch(cleaned)
    if not match:
        raise ValueError(
            gettext(
                "Type a date as 2024-10-18, a part of a month as 2024年10月上旬, a month as "
                "2024-10 or 2024年10月, a year as 2024; an undated entry as 報道 2024-10-18."
            )
        )
    year, month, day = (int(match[k]) if match[k] else None for k in ("year", "month", "day"))
    if part and (day or not month):
        raise ValueError(gettext("上旬, 中旬 and 下旬 follow a month: 2024年10月上旬."))
    if undated and not day:
        raise ValueError(
            gettext("An undated entry is listed by the day it was reported: 報道 2024-10-18.")
        )
    if undated and approximate:
        raise ValueError(gettext("An undated entry is not approximate: its day is a report's."))
    try:
        start = datetime.date(year, month or 1, part or day or 1)
    except ValueError:
        raise ValueError(
            gettext("%(text)s is not a date in the calendar.") % {"text": text}
        ) from None
    if undated:
        precision = DatePrecision.UNDATED
    elif part:
        precision = DatePrecision.PART
    else:
        precision = (
            DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
        )
    return TypedDate(start, precision, approximate)


def typed_date_text(value: datetime.date | None, precision: str) -> str:
    """How an editor types ``value`` at ``precision``: 2024-10-18, 2024年10月上旬, 2024-10,
    2024 or 報道 2024-10-18."""
    if value is None:
        return ""
    if precision == DatePrecision.PART:
        return f"{value.year}年{value.month}月{PART_NAMES.get(value.day, '')}"
    if precision == DatePrecision.UNDATED:
        return f"報道 {value.isoformat()}"
    length = {DatePrecision.YEAR: 4, DatePrecision.MONTH: 7}.get(precision, 10)
    return value.isoformat()[:length]


# Dates are formatted hundreds of times a page, mostly the same few; formats are
# fixed for a language, so the text is memoised per (date, language).
@lru_cache(maxsize=8192)
def _display(fuzzy: FuzzyDate, language: str | None) -> str:
    return fuzzy._display()


class FuzzyDated(models.Model):
    """Abstract base for entries dated with a precision."""

    date = models.DateField(
        _("date"),
        help_text=_(
            "For a month or a year, the first day of it (2024-08-01 for 2024年8月). "
            "Use the precision the source gives; never make a date more precise than it is. "
            "When the sources give no date: undated, with the day it was first reported."
        ),
    )
    date_precision = models.CharField(
        _("precision"), max_length=7, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_approximate = models.BooleanField(
        _("approximate"),
        default=False,
        help_text=_("The source says 頃, 前後 or 約 about the date."),
    )
    date_end = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Only for a period: the start of its last day, month or year, same precision."),
    )
    date_last = models.DateField(_("last day covered"), editable=False, db_index=True)
    date_relative = models.CharField(
        _("relative date"),
        max_length=100,
        blank=True,
        help_text=_(
            "A date the sources give only relative to another entry, in their words "
            "(この前後から), with that entry below; the date above is then the day it was "
            "reported."
        ),
    )
    date_relative_to = models.ForeignKey(
        "events.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relative to"),
        help_text=_("The event the relative date refers to."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="%(app_label)s_%(class)s_date_precision_valid",
                violation_error_message=_("Unknown date precision."),
            ),
            models.CheckConstraint(
                condition=~Q(date_precision=DatePrecision.MONTH) | Q(date__day=1),
                name="%(app_label)s_%(class)s_month_starts_on_1st",
                violation_error_message=_("A date of month precision is stored as the 1st."),
            ),
            models.CheckConstraint(
                condition=~Q(date_precision=DatePrecision.YEAR) | Q(date__day=1, date__month=1),
                name="%(app_label)s_%(class)s_year_starts_on_jan_1st",
                violation_error_message=_("A date of year precision is stored as 1 January."),
            ),
            models.CheckConstraint(
                condition=~Q(date_precision=DatePrecision.PART)
                | (
                    Q(date__day__in=PART_STARTS)
                    & (Q(date_end__isnull=True) | Q(date_end__day__in=PART_STARTS))
                ),
                name="%(app_label)s_%(class)s_part_starts_on_1st_11th_21st",
                violation_error_message=_(
                    "A part of a month is stored as its first day: the 1st, 11th or 21st."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(date_precision=DatePrecision.UNDATED)
                | Q(date_end__isnull=True, date_approximate=False),
                name="%(app_label)s_%(class)s_undated_is_one_day",
                violation_error_message=_(
                    "An undated entry has one day, the day it was reported: no end, not "
                    "approximate."
                ),
            ),
            models.CheckConstraint(
                condition=Q(date_end__isnull=True) | Q(date_end__gt=F("date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The end date must come after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(date_last__gte=F("date")),
                name="%(app_label)s_%(class)s_last_day_after_start",
            ),
            models.CheckConstraint(
                condition=Q(date_relative="", date_relative_to__isnull=True)
                | (~Q(date_relative="") & Q(date_relative_to__isnull=False)),
                name="%(app_label)s_%(class)s_relative_date_has_its_entry",
                violation_error_message=_(
                    "A relative date needs the event it refers to, and only then."
                ),
            ),
        ]

    # clean() checks these with a clearer message; evaluated in Python, their EXTRACT on a
    # literal date fails on PostgreSQL ("function extract(unknown, unknown) is not unique").
    # The database still enforces them.
    _CHECKED_BY_CLEAN = (
        "_month_starts_on_1st",
        "_year_starts_on_jan_1st",
        "_part_starts_on_1st_11th_21st",
    )

    def get_constraints(self):
        return [
            (model, [c for c in constraints if not c.name.endswith(self._CHECKED_BY_CLEAN)])
            for model, constraints in super().get_constraints()
        ]

    @property
    def fuzzy_date(self) -> FuzzyDate:
        return FuzzyDate(self.date, self.date_precision, self.date_approximate, self.date_end)

    def clean_fields(self, exclude=None):
        # date_last is derived, never entered.
        self.date_last = self._derived_last_day()
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        errors = {}
        if self.date and self.date_precision in DatePrecision.values:
            if period_start(self.date, self.date_precision) != self.date:
                errors["date"] = _(
                    "For a %(precision)s, enter the first day of it (%(start)s)."
                ) % {
                    "precision": DatePrecision(self.date_precision).label,
                    "start": period_start(self.date, self.date_precision).isoformat(),
                }
            if self.date_end and period_start(self.date_end, self.date_precision) != self.date_end:
                errors["date_end"] = _("The end must be the first day of its %(precision)s.") % {
                    "precision": DatePrecision(self.date_precision).label
                }
        if self.date and self.date_end and self.date_end <= self.date:
            errors["date_end"] = _("The end date must come after the start date.")
        if self.date_precision == DatePrecision.UNDATED and self.date_end:
            errors["date_end"] = _("An undated entry has no end: it is listed by one report.")
        if self.date_precision == DatePrecision.UNDATED and self.date_approximate:
            errors["date_approximate"] = _(
                "An undated entry is not approximate: its day is the day it was reported."
            )
        if bool(self.date_relative.strip()) != bool(self.date_relative_to_id):
            field = "date_relative_to" if self.date_relative.strip() else "date_relative"
            errors[field] = _("A relative date needs the event it refers to, and only then.")
        if errors:
            raise ValidationError(errors)

    def _derived_last_day(self):
        if not self.date or self.date_precision not in DatePrecision.values:
            return self.date
        return period_last_day(self.date_end or self.date, self.date_precision)


def _set_date_last(sender, instance, raw=False, **kwargs):
    # Runs for fixture (raw) saves too, which bypass Model.save().
    if isinstance(instance, FuzzyDated):
        instance.date_last = instance._derived_last_day()


pre_save.connect(_set_date_last, dispatch_uid="core_fuzzy_date_last")

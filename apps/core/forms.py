"""Form fields for fuzzy dates, typed the way the article writes them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .dates import FuzzyDated, TypedDate, parse_typed_date, typed_date_text

TYPED_DATE_HELP = _(
    "2024-10-18 for a day, 2024年10月上旬 (中旬, 下旬) for a part of a month, 2024-10 or "
    "2024年10月 for a month, 2024 for a year; the precision is what you type. Add 頃 (or tick "
    "“approximate”) when the source says 頃 or 前後. When the sources give no date, type 報道 "
    "and the day the entry was first reported: 報道 2024-10-18."
)


class TypedDateField(forms.Field):
    """A date with its precision, from text: cleans to a ``TypedDate`` (or None)."""

    MAX_LENGTH = 30

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "size": 14,
                    "maxlength": self.MAX_LENGTH,
                    "placeholder": "2024-10-18 / 2024年10月上旬 / 2024-10 / 報道 2024-10-18",
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value) -> TypedDate | None:
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > self.MAX_LENGTH:
            raise ValidationError(gettext("A date is shorter than that."), code="max_length")
        try:
            return parse_typed_date(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class FuzzyDateFormMixin:
    """For a ``FuzzyDated`` model form: ``date`` and ``date_end`` are typed with their
    precision, which the form sets on the instance (``date_precision`` is not a field)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not isinstance(self.instance, FuzzyDated):
            return
        precision = self.instance.date_precision
        for name in ("date", "date_end"):
            if name not in self.fields:
                continue
            model_field = self.instance._meta.get_field(name)
            self.fields[name] = TypedDateField(
                label=model_field.verbose_name.capitalize(),
                required=not model_field.blank,
                help_text=TYPED_DATE_HELP if name == "date" else model_field.help_text,
            )
            self.initial[name] = typed_date_text(getattr(self.instance, name), precision)

    def clean(self):
        cleaned = super().clean()
        if not isinstance(self.instance, FuzzyDated) or "date" not in self.fields:
            return cleaned
        start, end = cleaned.get("date"), cleaned.get("date_end")
        if isinstance(start, TypedDate):
            cleaned["date"] = start.start
            self.instance.date_precision = start.precision
            if start.approximate:
                cleaned["date_approximate"] = True
        if isinstance(end, TypedDate):
            cleaned["date_end"] = end.start
            if isinstance(start, TypedDate) and end.precision != start.precision:
                self.add_error(
                    "date_end",
                    gettext(
                        "Type the end as precisely as the start (%(example)s), e.g. "
                        "2024-10 to 2024-12."
                    )
                    % {"example": typed_date_text(start.start, start.precision)},
                )
        return cleaned

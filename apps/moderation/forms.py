from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

EDIT_SUMMARY_HELP = _(
    "What you changed and why, e.g. “date corrected from 2024-10-18 to 2024-10-19 per NHK”. "
    "Reviewers and the history show it."
)


def edit_summary_field():
    return forms.CharField(
        label=_("Edit summary"),
        max_length=300,
        help_text=EDIT_SUMMARY_HELP,
        widget=forms.TextInput(attrs={"size": 80}),
    )


class EntryForm(forms.ModelForm):
    """Every entry form asks for an edit summary: editing is proposing."""

    edit_summary = edit_summary_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and self.instance.pk is None:
            self.fields["slug"].required = False  # generated when left empty


class EditSummaryForm(forms.Form):
    """Deletion, restore and recovery ask for a summary too."""

    edit_summary = edit_summary_field()


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Required when rejecting; the author sees it."),
        required=False,
    )


class CitationForm(forms.ModelForm):
    def validate_unique(self):
        # Citations are replaced as a whole when a change is approved, so the
        # rows stored now are no conflict; duplicates within the entry are
        # caught by the formset.
        pass


class CitationFormSet(BaseInlineFormSet):
    """Citations edited as a list: every row is new, nothing is saved by the admin."""

    def citation_rows(self) -> list[dict]:
        rows = []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("source") or data.get("DELETE"):
                continue
            rows.append((data.get("position") or 0, index, data))
        return [data for _, _, data in sorted(rows, key=lambda row: row[:2])]

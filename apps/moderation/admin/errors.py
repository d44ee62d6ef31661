"""Errors a person can find: each names its field and links to it."""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.utils.translation import gettext

# A proposal's fields that the entry form knows under another name.
_FIELD_ALIASES = {"date_precision": "date"}  # the precision is read from the typed date


def parse_id(value) -> int:
    """A primary key from a URL or a query string; anything else is a 404, not a 500."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404(
            gettext("No such entry or change: “%(id)s” is not a number.") % {"id": str(value)[:40]}
        ) from None
    if not 0 < number < 2**63:
        raise Http404(gettext("No such entry or change."))
    return number


@dataclass(slots=True)
class ErrorItem:
    label: str
    message: str
    anchor: str  # the id of the element the error is about


def errors_by_field(exc: ValidationError) -> dict:
    """A ``ValidationError``'s messages by field; those about no field under None."""
    if hasattr(exc, "error_dict"):
        return {
            (None if name == NON_FIELD_ERRORS else name): messages
            for name, messages in exc.message_dict.items()
        }
    return {None: exc.messages}


def place_errors(exc: ValidationError, *, form, citations, proposal) -> None:
    """Put a service's ``ValidationError`` on the fields it names (the rest at the top)."""
    if not hasattr(exc, "error_dict"):
        proposal.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        name = _FIELD_ALIASES.get(name, name)
        if name == "summary":
            proposal.add_error("edit_summary", errors)
        elif name == "citations" and citations is not None:
            citations.non_form_errors().extend(errors)
        elif name in form.fields:
            form.add_error(name, errors)
        elif name == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:
            proposal.add_error(None, errors)


def error_summary(*, form, citations, proposal) -> list[ErrorItem]:
    """Every error of the entry form, its citations and the proposal, in page order."""
    items = _form_items(form, gettext("Entry"))
    if citations is not None:
        group = f"{citations.prefix}-group"
        items += [
            ErrorItem(gettext("Citations"), message, group)
            for message in citations.non_form_errors()
        ]
        for index, row in enumerate(citations.forms, start=1):
            row_label = gettext("citation %(number)s") % {"number": index}
            items += _form_items(row, row_label, prefix=f"{row_label}: ")
    items += _form_items(proposal, gettext("Edit summary"))
    return items


def _form_items(form, general: str, prefix: str = "") -> list[ErrorItem]:
    items = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            items += [ErrorItem(general, message, "content-main") for message in errors]
            continue
        bound = form[name]
        anchor = bound.auto_id or "content-main"
        if bound.is_hidden:
            label, anchor = general, "content-main"
        else:
            label = f"{prefix}{bound.label}"
        items += [ErrorItem(label, message, anchor) for message in errors]
    return items

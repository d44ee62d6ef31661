"""Whether a proposed state could be published: the model's validation, then the rules."""

from django.core.exceptions import ValidationError

from apps.claims.rules import state_errors
from apps.core.registry import entry_type_for

from .state import State, apply_fields, validate_state


def candidate(model, state: State, target=None):
    """An unsaved instance carrying a proposed state's fields (of ``target``, re-read)."""
    instance = model._base_manager.get(pk=target.pk) if target else model()
    return apply_fields(instance, state)


def validate_proposal(model, state: State, target=None) -> None:
    """Refuse a state that could not be published: model validation, then the content rules.

    Rule errors are keyed by the field they are about, so that a form shows them there.
    """
    entry_type = entry_type_for(model)
    instance = candidate(model, state, target)
    validate_state(entry_type, state, instance=instance)
    problems = state_errors(entry_type, state, instance)
    if problems:
        errors = {}
        for problem in problems:
            errors.setdefault(problem.field, []).append(problem.message)
        raise ValidationError(errors)

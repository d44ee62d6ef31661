"""Choice labels for pages that show many entries: translated once per language."""

from functools import cache

from django.utils.translation import get_language


@cache
def _labels(choices, language) -> dict:
    return {value: str(label) for value, label in choices.choices}


def choice_labels(choices) -> dict:
    """Value → translated label of a ``TextChoices``, for loops over many entries."""
    return _labels(choices, get_language())


def choice_label(choices, value) -> str:
    """``get_FOO_display()`` for a ``TextChoices`` value, translated once per language."""
    return _labels(choices, get_language()).get(value, value)

"""Checks of the data set about troop figures (``check_content`` runs them)."""

from apps.article.models import Passage
from apps.claims.checks import WARNING, Finding
from apps.reactions.models import Reaction
from apps.weapons.models import WeaponReport

from .figures import figures_in
from .models import Event, TroopEstimate

# Entries whose text the article writes, and the field that holds it.
TEXTS = ((Event, "text"), (Passage, "text"), (Reaction, "summary"), (WeaponReport, "text"))


def figures_without_estimate():
    """A number of soldiers in an entry's text that no troop estimate records: one whose
    statement is words of that text and whose figure (or upper figure) is that number.
    One query per kind of entry."""
    estimates = list(
        TroopEstimate.objects.published().values_list("statement", "figure", "figure_high")
    )
    for model, field in TEXTS:
        label = model._meta.label_lower
        for slug, text in model.objects.published().order_by("pk").values_list("slug", field):
            recorded = {
                value
                for statement, figure, high in estimates
                if statement and statement in text
                for value in (figure, high)
                if value
            }
            for written, value in figures_in(text):
                if value not in recorded:
                    yield Finding(
                        WARNING,
                        label,
                        slug,
                        f"“{written}” in its text is no troop estimate: record who gave it, "
                        "counting what.",
                    )

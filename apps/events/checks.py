"""Checks of the data set about troop figures (``check_content`` runs them)."""

from collections import defaultdict

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
    One query per kind of entry; a text is compared only with the estimates of the
    figures it writes."""
    statements_of = defaultdict(list)  # figure → the statements of the estimates giving it
    for statement, figure, high in TroopEstimate.objects.published().values_list(
        "statement", "figure", "figure_high"
    ):
        for value in {figure, high} - {None}:
            statements_of[value].append(statement)
    for model, field in TEXTS:
        label = model._meta.label_lower
        for slug, text in model.objects.published().order_by("pk").values_list("slug", field):
            for written, value in figures_in(text):
                if not any(s and s in text for s in statements_of.get(value, ())):
                    yield Finding(
                        WARNING,
                        label,
                        slug,
                        f"“{written}” in its text is no troop estimate: record who gave it, "
                        "counting what.",
                    )


def bases_not_quoted():
    """A status or rank whose basis is not an editor's inference quotes the sources: its
    words are the words of some published text (an entry's or a passage's). Otherwise it
    is an editor's conclusion and says so. One query per kind of entry."""
    texts = "\n".join(
        text
        for model, field in (*TEXTS, (TroopEstimate, "statement"))
        for text in model.objects.published().values_list(field, flat=True)
    )
    for model in (Event, TroopEstimate, WeaponReport):
        label = model._meta.label_lower
        claims = model.objects.published().filter(claim_inferred=False).exclude(claim_note="")
        for slug, note in claims.order_by("pk").values_list("slug", "claim_note"):
            if note not in texts:
                yield Finding(
                    WARNING,
                    label,
                    slug,
                    f"its basis “{note[:40]}” is no text's words: quote the sources, or mark "
                    "it as an editor's inference with your reason.",
                )

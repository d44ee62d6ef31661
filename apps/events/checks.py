"""Checks of the data set about troop figures (``check_content`` runs them)."""

from collections import defaultdict

from apps.claims.checks import WARNING, Finding
from apps.core.registry import entry_types

from .figures import figures_in
from .models import TroopEstimate


def _texts():
    """(model, field) of every kind of entry with words of its own (the registry's
    ``text_field``), troop estimates aside: their statements are what is looked for."""
    return [
        (t.model, t.text_field)
        for t in entry_types()
        if t.text_field and t.model is not TroopEstimate
    ]


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
    for model, field in _texts():
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
        for model, field in (*_texts(), (TroopEstimate, "statement"))
        for text in model.objects.published().values_list(field, flat=True)
    )
    claims = [t.model for t in entry_types() if any(f.name == "claim_inferred" for f in t.fields)]
    for model in claims:
        label = model._meta.label_lower
        stated = model.objects.published().filter(claim_inferred=False).exclude(claim_note="")
        for slug, note in stated.order_by("pk").values_list("slug", "claim_note"):
            if note not in texts:
                yield Finding(
                    WARNING,
                    label,
                    slug,
                    f"its basis “{note[:40]}” is no text's words: quote the sources, or mark "
                    "it as an editor's inference with your reason.",
                )

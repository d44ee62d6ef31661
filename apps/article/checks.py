"""Checks of the article as a whole (``check_content`` runs them)."""

from apps.claims.checks import WARNING, Finding
from apps.core.dates import DatePrecision

from .models import PLACED_ENTRIES, SECTION_ORDER, Passage


def passages_out_of_order():
    """Within a paragraph, the dated entries the article shows follow one another in time
    (an undated one has no place in time and is not compared; a new paragraph may turn to
    another thread, as 反応 does). One query."""
    passages = sorted(
        Passage.objects.published().select_related(*PLACED_ENTRIES),
        key=lambda p: (SECTION_ORDER.get(p.section, 99), p.position),
    )
    last = {}
    for passage in passages:
        name = passage.placed_field
        entry = getattr(passage, name) if name else None
        if passage.starts_paragraph:
            last.pop(passage.section, None)
        if entry is None or entry.date is None or entry.date_precision == DatePrecision.UNDATED:
            continue
        before = last.get(passage.section)
        if before is not None and entry.date_last < before[0].date:
            yield Finding(
                WARNING,
                "article.passage",
                passage.slug,
                f"placed after {before[1]!r} ({before[0].fuzzy_date}), yet dated "
                f"{entry.fuzzy_date}: out of the article's order?",
            )
        last[passage.section] = (entry, passage.slug)

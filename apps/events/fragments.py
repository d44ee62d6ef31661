"""The entries of the timeline as HTML.

A timeline page shows 50 entries, each with badges, estimates, footnote markers and
links; as included templates that cost about 1 ms an entry, most of the page's time.
Written here with ``apps.core.html`` it costs a few hundredths of that. The markup is
the page's contract with its stylesheet and its tests: change both together.
"""

from django.utils.translation import gettext

from apps.claims.fragments import claim_badges
from apps.claims.models import ClaimRank
from apps.core.fragments import entry_links, time_element
from apps.core.html import choice_label, choice_labels, esc, safe

from .models import EstimateScope, EventKind, Qualifier, qualified_figure


def estimate_line(estimate, *, heading=False) -> str:
    """One troop estimate: figure, what it counts, who said it, footnotes and badges.

    As the ``heading`` of its own timeline item, the line has neither the
    ``estimate-<slug>`` id nor the badges: the item carries both.
    """
    css = "estimate superseded" if estimate.claim_rank == ClaimRank.SUPERSEDED else "estimate"
    id_attribute = "" if heading else f' id="estimate-{esc(estimate.slug)}"'
    badges = "" if heading else claim_badges(estimate)
    figure = qualified_figure(estimate, choice_labels(Qualifier))
    # Translators: a troop figure, e.g. "about 12,000 troops" / "約 12,000人".
    figure = gettext("%(figure)s troops") % {"figure": figure}
    claimant = estimate.claimant
    note = estimate.claim_note and f' <span class="claim-note">{esc(estimate.claim_note)}</span>'
    return (
        f'<span class="{css}"{id_attribute}>'
        f'<span class="estimate-figure">{esc(figure)}</span> '
        f'<span class="estimate-scope">{esc(choice_label(EstimateScope, estimate.scope))}</span> '
        f'<span class="estimate-claimant">— <a href="{esc(claimant.get_absolute_url())}" '
        f'lang="ja">{esc(claimant.name)}</a></span>{esc(estimate.markers)} '
        f"{badges}{note}</span>"
    )


def timeline_entries(items) -> str:
    """The ``<li>`` of each timeline item (an event, or an estimate standing alone)."""
    return safe(*(_event(item) if item.kind == "event" else _estimate(item) for item in items))


def _meta(entry, kind_badge) -> str:
    return (
        f'<p class="entry-meta">{time_element(entry.fuzzy_date)} '
        f"{kind_badge} {claim_badges(entry)}</p>"
    )


def _event(item) -> str:
    event, anchor = item.entry, esc(item.anchor)
    kind_badge = (
        f'<span class="badge kind-{esc(event.kind)}">{esc(choice_label(EventKind, event.kind))}'
        "</span>"
    )
    html = (
        f'<li class="entry entry-event" id="{anchor}">'
        f'<article lang="ja" aria-labelledby="{anchor}-title">{_meta(event, kind_badge)}'
        f'<h4 id="{anchor}-title"><a href="{esc(event.get_absolute_url())}">{esc(event.title)}</a>'
        f'</h4><p class="entry-text">{esc(event.text)}{esc(event.markers)}</p>'
    )
    if event.claimant:
        said = gettext("On the word of %(who)s") % {"who": event.claimant.name}
        note = f": {event.claim_note}" if event.claim_note else ""
        html += f'<p class="claim-note">{esc(said)}{esc(note)}</p>'
    if event.stated_estimates:
        label = esc(gettext("Troop estimates stated here"))
        lines = "".join(f"<li>{estimate_line(e)}</li>" for e in event.stated_estimates)
        html += f'<ul class="estimates" aria-label="{label}">{lines}</ul>'
    return html + entry_links(event.actors_list, event.places_list) + "</article></li>"


def _estimate(item) -> str:
    estimate, anchor = item.entry, esc(item.anchor)
    label = gettext("troop estimate")  # outside the f-string, where xgettext finds it
    kind_badge = f'<span class="badge kind-estimate">{esc(label)}</span>'
    return (
        f'<li class="entry entry-estimate" id="{anchor}">'
        f'<article lang="ja" aria-labelledby="{anchor}-title">{_meta(estimate, kind_badge)}'
        f'<h4 id="{anchor}-title">{estimate_line(estimate, heading=True)}</h4>'
        f'<p class="entry-text">{esc(estimate.statement)}</p>'
        f"{entry_links((), estimate.places_list)}</article></li>"
    )

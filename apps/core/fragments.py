"""Markup shared by the entry lists of every public page (see ``apps.core.html``)."""

from django.utils.translation import gettext

from .html import esc


def entry_links(actors=(), places=()) -> str:
    """``<dl class="entry-links">``: the actors and places an entry links to (escaped HTML)."""
    if not actors and not places:
        return ""
    # gettext() outside the f-strings: xgettext does not look inside them.
    html = '<dl class="entry-links">'
    if actors:
        label = gettext("Actors")
        html += f'<dt>{esc(label)}</dt><dd lang="ja">{_links(actors)}</dd>'
    if places:
        label = gettext("Places")
        html += f'<dt>{esc(label)}</dt><dd lang="ja">{_links(places)}</dd>'
    return html + "</dl>"


def time_element(fuzzy) -> str:
    """``<time datetime="2024-08">2024年8月頃</time>`` for a ``FuzzyDate``."""
    return f'<time datetime="{esc(fuzzy.isoformat())}">{esc(fuzzy)}</time>'


def _links(targets) -> str:
    return "、".join(
        f'<a href="{esc(target.get_absolute_url())}">{esc(target.name)}</a>' for target in targets
    )

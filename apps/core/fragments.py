"""Markup shared by the entry lists of every public page (see ``apps.core.html``)."""

from django.utils.translation import gettext

from .html import esc


def entry_links(actors=(), places=()) -> str:
    """``<dl class="entry-links">``: the actors and places an entry links to (escaped HTML)."""
    if not actors and not places:
        return ""
    html = '<dl class="entry-links">'
    if actors:
        html += f'<dt>{esc(gettext("Actors"))}</dt><dd lang="ja">{_links(actors)}</dd>'
    if places:
        html += f'<dt>{esc(gettext("Places"))}</dt><dd lang="ja">{_links(places)}</dd>'
    return html + "</dl>"


def _links(targets) -> str:
    return "、".join(
        f'<a href="{esc(target.get_absolute_url())}">{esc(target.name)}</a>' for target in targets
    )

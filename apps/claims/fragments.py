"""The badges of a claim (status, rank, single origin), shared by every page that lists claims.

Built in Python rather than an included template: long pages show hundreds of them.
"""

from django.utils.translation import gettext

from apps.core.html import choice_label, esc

from .models import ClaimRank, ClaimStatus


def claim_badges(entry) -> str:
    """``<span class="badge …">`` for the status, the rank and a single origin (escaped HTML).

    ``entry.single_origin`` and ``entry.origin_names`` come from ``annotate_origins``.
    """
    # gettext() outside the f-strings: xgettext does not look inside them.
    html = ""
    if entry.claim_status:
        title = gettext("Claim status")
        html += (
            f'<span class="badge status status-{esc(entry.claim_status)}" title="{esc(title)}">'
            f"{esc(choice_label(ClaimStatus, entry.claim_status))}</span>"
        )
    if entry.claim_rank == ClaimRank.SUPERSEDED:
        label = gettext("superseded")
        html += (
            f'<span class="badge rank-superseded" title="{esc(entry.claim_note)}">'
            f"{esc(label)}</span>"
        )
    elif entry.claim_rank == ClaimRank.PREFERRED:
        label = gettext("preferred")
        html += f'<span class="badge rank-preferred">{esc(label)}</span>'
    if getattr(entry, "single_origin", False):
        label = gettext("single origin: %(origin)s") % {"origin": entry.origin_names[0]}
        title = gettext("Every citation traces back to one origin")
        html += f'<span class="badge single-origin" title="{esc(title)}">{esc(label)}</span>'

    return html

"""The Jinja2 environment of the public pages (Django's own Jinja2 backend).

Autoescaping is on (the backend's default); undefined names fail loudly, so a
template reads only what its rows declare. Translations come from the project's
catalogues through Jinja's i18n extension; ``url``, ``static`` and the choice
labels are globals. The admin stays on Django templates.
"""

from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from apps.article.models import Section
from apps.claims.models import ClaimStatus
from apps.core.choices import choice_label
from apps.events.models import EstimateScope, EventKind
from apps.reactions.models import ReactionGroup, ReactionKind
from apps.sources.models import Language
from apps.weapons.models import Evidence, ReportKind, WeaponCategory

# The choices templates show by label: ``label("event_kind", row.kind)``.
LABELS = {
    "claim_status": ClaimStatus,
    "estimate_scope": EstimateScope,
    "event_kind": EventKind,
    "evidence": Evidence,
    "language": Language,
    "reaction_group": ReactionGroup,
    "reaction_kind": ReactionKind,
    "report_kind": ReportKind,
    "section": Section,
    "weapon_category": WeaponCategory,
}


def label(choices: str, value) -> str:
    """The translated label of a choice, looked up once per language (``choice_label``)."""
    return choice_label(LABELS[choices], value)


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def languages() -> list[tuple[str, str]]:
    """(code, name in that language) of every language the site speaks."""
    return [
        (code, translation.get_language_info(code)["name_local"]) for code, _ in settings.LANGUAGES
    ]


def page_query(request) -> str:
    """``?`` and the query string without ``page``, ready for ``page=N``: links to the other
    pages of a list keep its filters."""
    kept = [
        f"{key}={quote(value, safe='/')}"
        for key, values in request.GET.lists()
        if key != "page"
        for value in values
    ]
    return "?" + "".join(f"{part}&" for part in kept) + "page="


class Memo:
    """Macros whose output depends only on their arguments and the language, rendered once.

    ``{{ memo("sources/footnotes.html", "citation", source) }}`` calls the macro the
    first time and returns the same markup afterwards: a reference list formats
    hundreds of citations, mostly of the same few sources. The arguments must be
    hashable rows (frozen dataclasses); the markup stays in the template.
    """

    def __init__(self, env: Environment):
        self.env = env
        self._render = lru_cache(maxsize=4096)(self._render_uncached)

    def __call__(self, template: str, macro: str, *args) -> Markup:
        return Markup(self._render(translation.get_language(), template, macro, *args))  # noqa: S704 - rendered by the (autoescaping) template

    def _render_uncached(self, language, template, macro, *args) -> str:
        # A fresh module: what it translates when it is made is in the current language.
        return str(getattr(self.env.get_template(template).make_module(), macro)(*args))


def coordinate(value: float) -> str:
    """An SVG coordinate, to a tenth of a pixel."""
    return f"{value:.1f}"


def environment(**options) -> Environment:
    options.setdefault("undefined", StrictUndefined)
    env = Environment(
        autoescape=options.pop("autoescape", True),  # Django's backend turns it on too
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(
        url=url,
        static=static,
        label=label,
        languages=languages,
        current_language=translation.get_language,
        page_query=page_query,
        memo=Memo(env),
    )
    env.filters.update(coordinate=coordinate)
    return env

"""The Jinja2 environment of the public pages (Django's own Jinja2 backend).

Autoescaping is on (the backend's default); undefined names fail loudly, so a
template reads only what its rows declare. Translations come from the project's
catalogues through Jinja's i18n extension; ``url``, ``static`` and the choice
labels are globals. The admin stays on Django templates.
"""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from apps.article.models import Chapter, Section
from apps.core.choices import choice_label
from apps.core.preview import current_preview
from apps.reactions.models import ReactionGroup
from apps.sources.models import Language
from apps.weapons.models import WeaponCategory

# Choices a template names itself: ``label("section", section.value)``. A row's own
# choices come with it as ``*_label`` fields, looked up once a page rather than per entry.
LABELS = {
    "language": Language,
    "reaction_group": ReactionGroup,
    "section": Section,
    "chapter": Chapter,
    "weapon_category": WeaponCategory,
}

# The macros ``memo`` may render, with how many outputs each keeps per process. Citations
# are keyed by a source's state: more than a site cites, so a reference list renders each
# once. Only the filter form's selects are memoised: their options are many and their keys
# few (a field and its selected option), while a text input's key is whatever a reader
# typed. A chart is keyed by a filter's estimates: the latest few filters are the ones
# readers page through.
MEMOISED = {
    ("sources/footnotes.html", "citation"): 4096,
    ("events/components.html", "filter_field"): 512,
    ("events/components.html", "chart"): 32,
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
    pages of a list keep its filters (keys and values encoded, so that neither can add a
    parameter of its own)."""
    kept = [
        (key, value) for key, values in request.GET.lists() if key != "page" for value in values
    ]
    return "?" + (urlencode(kept, safe="/") + "&" if kept else "") + "page="


class Memo:
    """Macros whose output depends only on their arguments and the language, rendered once.

    ``{{ memo("sources/footnotes.html", "citation", source) }}`` calls the macro the
    first time and returns the same markup afterwards: a reference list formats
    hundreds of citations, mostly of the same few sources. The arguments must be
    hashable rows (frozen dataclasses); the markup stays in the template. Each macro
    has its own bounded cache (``MEMOISED``), keyed by the template as loaded too, so
    that a template reloaded after an edit (DEBUG) renders anew.
    """

    def __init__(self, env: Environment, sizes: dict[tuple[str, str], int]):
        self.env = env
        self._renderers = {
            name: lru_cache(maxsize=size)(self._render) for name, size in sizes.items()
        }

    def __call__(self, template_name: str, macro: str, *args) -> Markup:
        render = self._renderers[(template_name, macro)]  # a macro not in MEMOISED fails
        template = self.env.get_template(template_name)
        return Markup(render(translation.get_language(), template, macro, *args))  # noqa: S704 - rendered by the (autoescaping) template

    @staticmethod
    def _render(language: str, template: Template, macro: str, *args) -> str:
        # A fresh module: what it translates when it is made is in the current language.
        return str(getattr(template.make_module(), macro)(*args))


def coordinate(value: float) -> str:
    """An SVG coordinate, to a tenth of a pixel."""
    return f"{value:.1f}"


def environment(**options) -> Environment:
    # Django's backend has already chosen Undefined (DebugUndefined under DEBUG), which
    # renders a missing name as nothing; here it is an error on every setting.
    options["undefined"] = StrictUndefined
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
        current_preview=current_preview,
        page_query=page_query,
        memo=Memo(env, MEMOISED),
    )
    env.filters.update(coordinate=coordinate)
    return env

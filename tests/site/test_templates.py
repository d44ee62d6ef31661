"""The Jinja2 environment of the public pages: what it refuses, encodes and memoises."""

import re
from pathlib import Path

import pytest
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from django.test import RequestFactory, override_settings
from django.utils import translation
from jinja2 import DictLoader, UndefinedError

from events_site.jinja2 import Memo, environment, page_query


class Row:
    __slots__ = ("title",)

    def __init__(self, title):
        self.title = title


@pytest.mark.parametrize("debug", [False, True])
def test_a_name_the_rows_do_not_declare_fails_on_every_setting(debug):
    # Django's backend would choose Undefined (DebugUndefined under DEBUG): both render a
    # missing name as nothing (or as itself), and a page would quietly lose a field.
    with override_settings(DEBUG=debug):
        engine = Jinja2(
            {
                "NAME": f"strict-{debug}",
                "DIRS": [],
                "APP_DIRS": False,
                "OPTIONS": {"environment": "events_site.jinja2.environment"},
            }
        )
    row = Row("題")
    assert engine.from_string("{{ row.title }}").render({"row": row}) == "題"
    with pytest.raises(UndefinedError):
        engine.from_string("{{ row.summary }}").render({"row": row})
    with pytest.raises(UndefinedError):
        engine.from_string("{{ nowhere }}").render({})


def test_the_project_engine_is_strict_and_escapes():
    engine = engines["jinja2"]
    assert engine.from_string("{{ text }}").render({"text": "<b>"}) == "&lt;b&gt;"
    with pytest.raises(UndefinedError):
        engine.from_string("{{ missing }}").render({})


def test_page_links_keep_the_filters_and_nothing_else():
    # A key that decodes to "a&page=9" must not become a second page parameter.
    request = RequestFactory().get("/", {"a&page=9": "1", "q": "キーウ 10,000", "page": "2"})
    query = page_query(request)
    assert query.endswith("&page=")
    assert query.count("page=") == 1  # the link's own: the key's "=" is encoded
    assert "a%26page%3D9=1" in query
    assert "q=%E3%82%AD%E3%83%BC%E3%82%A6+10%2C000" in query
    assert page_query(RequestFactory().get("/", {"page": "3"})) == "?page="


def memo_over(source: str):
    templates = {"t.html": source}
    env = environment(loader=DictLoader(templates), auto_reload=True)
    return templates, Memo(env, {("t.html", "m"): 8})


def test_memo_renders_a_reloaded_template_anew():
    templates, memo = memo_over("{% macro m(x) %}A{{ x }}{% endmacro %}")
    assert memo("t.html", "m", 1) == "A1"
    templates["t.html"] = "{% macro m(x) %}B{{ x }}{% endmacro %}"
    assert memo("t.html", "m", 1) == "B1"


def test_memo_keeps_one_output_per_language():
    _templates, memo = memo_over('{% macro m() %}{{ _("Timeline") }}{% endmacro %}')
    with translation.override("ja"):
        ja = memo("t.html", "m")
    with translation.override("en"):
        en = memo("t.html", "m")
    assert (ja, en) == ("年表", "Timeline")


def test_memo_escapes_and_refuses_macros_it_was_not_told_of():
    _templates, memo = memo_over("{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}")
    assert memo("t.html", "m", "<script>") == "<i>&lt;script&gt;</i>"
    with pytest.raises(KeyError):
        memo("t.html", "other")


ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "jinja2", *sorted((ROOT / "apps").glob("*/jinja2"))]
IMPORT = re.compile(r'{%-?\s*(?:from|import)\s+"([^"]+)"[^%]*?(with context)?\s*-?%}')


def test_templates_that_translate_when_loaded_are_imported_with_context():
    # A module imported without context is made once and cached: its `text` would stay
    # in the language of the first page that imported it.
    templates = {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for root in TEMPLATE_DIRS
        for path in root.rglob("*.html")
    }
    translating = {name for name, source in templates.items() if "{% set text =" in source}
    assert {"core/components.html", "events/components.html"} <= translating
    plain = [
        (name, imported)
        for name, source in templates.items()
        for imported, with_context in IMPORT.findall(source)
        if imported in translating and not with_context
    ]
    assert plain == []

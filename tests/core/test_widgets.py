"""The Python-written widgets produce the markup of Django's own templates."""

import pytest
from django import forms
from django.test.html import parse_html

from apps.core.widgets import FastInput, FastSelect, LoadedChoices

CHOICES = [("", "すべて"), ("kursk-oblast", "クルスク州"), ("a&b", 'say "<hi>"')]


@pytest.mark.parametrize("value", [None, "", "北朝鮮", '"><script>alert(1)</script>'])
@pytest.mark.parametrize(
    "attrs",
    [{}, {"type": "search"}, {"placeholder": 'key, e.g. "nhk"'}, {"required": True}],
)
def test_fast_input_renders_like_djangos(value, attrs):
    ours = FastInput(attrs=attrs).render("q", value, {"id": "id_q", "disabled": False})
    django = forms.TextInput(attrs=attrs).render("q", value, {"id": "id_q", "disabled": False})
    assert parse_html(ours) == parse_html(django)


@pytest.mark.parametrize("value", [None, "", "kursk-oblast", "a&b", "missing"])
def test_fast_select_renders_like_djangos(value):
    ours = FastSelect(choices=LoadedChoices(CHOICES)).render("place", value, {"id": "id_place"})
    django = forms.Select(choices=CHOICES).render("place", value, {"id": "id_place"})
    assert parse_html(ours) == parse_html(django)
    assert "<hi>" not in ours

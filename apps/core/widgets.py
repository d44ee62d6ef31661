"""Form widgets written in Python (see ``apps.core.html``).

Django renders each widget, and each option of a select, through a template:
a filter form with hundreds of actors and places took longer than the rest of
its page. These produce the same markup as Django's templates.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator

from .html import esc, safe


class LoadedChoices(BaseChoiceIterator):
    """(value, label) pairs as read from the database: Django need not normalise them again."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        options = "".join(
            f'<option value="{esc(key)}"{" selected" if str(key) == selected else ""}>'
            f"{esc(label)}</option>"
            for key, label in self.choices
        )
        return safe(f'<select name="{esc(name)}"{flatatt(attrs)}>{options}</select>')


class FastInput(forms.TextInput):
    """``<input>`` of any ``input_type`` given in ``attrs`` (text by default)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = "" if widget["value"] is None else f' value="{esc(widget["value"])}"'
        attrs = flatatt(widget["attrs"])
        return safe(f'<input type="{esc(widget["type"])}" name="{esc(name)}"{value}{attrs}>')

"""Every interface string has a Japanese translation, and the compiled catalogue is current."""

import gettext
import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_catalogue_is_complete_and_compiled(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert [e.msgid for e in po if "fuzzy" in e.flags] == []
    if language == "ja":
        assert [e.msgid for e in po.untranslated_entries()] == []
    for entry in po.translated_entries():
        if entry.msgctxt or entry.msgid_plural:
            continue
        assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_no_translated_string_hides_inside_an_f_string():
    """xgettext does not read f-string expressions: a string marked there never reaches
    the catalogue, and the page shows it untranslated."""
    hidden = re.compile(r"""\bf(['"]).*\{[^}]*\b(?:p|n)?gettext(?:_lazy)?\(""")
    found = [
        f"{path.relative_to(LOCALE.parent)}:{number}"
        for path in sorted((LOCALE.parent / "apps").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hidden.search(line)
    ]
    assert found == []

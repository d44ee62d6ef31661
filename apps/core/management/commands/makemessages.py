"""``makemessages`` that also reads the Jinja2 templates of the public pages.

Django extracts messages from Python and Django templates; Jinja2's ``{% trans %}``
and ``_()`` are read here with Jinja's own extractor (``jinja2.ext.babel_extract``)
and added to the same catalogue, so that one ``django.po`` serves both engines.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages
from jinja2.ext import GETTEXT_FUNCTIONS, babel_extract

JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def jinja_templates() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "jinja2", *Path(settings.BASE_DIR, "apps").glob("*/jinja2")]
    return sorted(path for root in roots for path in root.rglob("*.html"))


class Command(makemessages.Command):
    def find_files(self, root):
        # Jinja2 templates are not Django templates: read below, not by templatize.
        return [f for f in super().find_files(root) if "jinja2" not in Path(f.path).parts]

    def build_potfiles(self):
        potfiles = super().build_potfiles()
        if self.domain == "django":
            for potfile in potfiles:
                add_jinja_messages(potfile, settings.BASE_DIR)
        return potfiles


def add_jinja_messages(potfile: str, base) -> None:
    import polib  # a development tool, like gettext itself

    catalogue = polib.pofile(potfile, wrapwidth=79)
    entries = {(e.msgctxt, e.msgid): e for e in catalogue}
    for path in jinja_templates():
        where = str(path.relative_to(base))
        with path.open("rb") as template:
            found = babel_extract(template, GETTEXT_FUNCTIONS, ["Translators:"], JINJA_OPTIONS)
            for line, function, message, comments in found:
                context, singular, plural = _parts(function, message)
                if not singular:
                    continue
                entry = entries.get((context, singular))
                if entry is None:
                    entry = polib.POEntry(msgctxt=context, msgid=singular, msgstr="")
                    if plural:
                        entry.msgid_plural, entry.msgstr_plural = plural, {0: "", 1: ""}
                    if "%(" in singular:
                        entry.flags.append("python-format")
                    catalogue.append(entry)
                    entries[(context, singular)] = entry
                entry.occurrences.append((where, str(line)))
                if comments:
                    entry.comment = "\n".join([entry.comment, *comments]).strip()
    catalogue.save(potfile)


def _parts(function, message) -> tuple:
    """(context, singular, plural) of what ``babel_extract`` found for a gettext call."""
    strings = message if isinstance(message, tuple) else (message,)
    if function in ("pgettext", "npgettext"):
        context, *strings = strings
    else:
        context = None
    singular = strings[0] if strings else None
    plural = strings[1] if function in ("ngettext", "npgettext") and len(strings) > 1 else None
    return context, singular, plural

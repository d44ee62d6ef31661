"""Words the search treats as one (キーウ = キエフ): kept by the editors, moderated and
versioned like every entry, read at each search (``expanded``)."""

import re
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.folding import fold
from apps.core.links import url_of
from apps.core.models import Entry

# Between the words of a set: new lines, commas, 、 or =.
_SEPARATORS = re.compile(r"[\n,、，=＝]+")


class SynonymSet(Entry):
    words = models.TextField(
        _("words"),
        max_length=1000,
        help_text=_(
            "Two or more names a reader may search for that mean the same, one per line or "
            "separated by = (キーウ = キエフ). Width, kana and numbers are folded already: "
            "ｷｰｳ needs no entry."
        ),
    )

    class Meta:
        verbose_name = _("search synonyms")
        verbose_name_plural = _("search synonyms")
        ordering = ["words"]
        constraints = [
            models.CheckConstraint(condition=~Q(words=""), name="synonymset_words_not_empty"),
        ]

    def __str__(self):
        return " = ".join(self.word_list)

    def get_absolute_url(self):
        """Its public page: the search for its first word, which finds all of them."""
        words = self.word_list
        return f"{url_of('search:search')}?{urlencode({'q': words[0] if words else ''})}"

    @property
    def word_list(self) -> list[str]:
        return [word.strip() for word in _SEPARATORS.split(self.words) if word.strip()]

    def clean(self):
        super().clean()
        words = self.word_list
        if any(" " in fold(word) for word in words):
            raise ValidationError(
                {"words": _("A word of a set has no spaces: a search reads a space as “and”.")}
            )
        if len({fold(word) for word in words}) < 2:
            raise ValidationError(
                {"words": _("Give at least two different words, one per line or separated by =.")}
            )

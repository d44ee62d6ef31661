"""A query's terms with their synonyms: what ``history.search`` looks for."""

from apps.core.folding import fold

from .models import SynonymSet

MAX_ALTERNATIVES = 8  # per term: a few names of one place, not a thesaurus


def synonym_groups() -> list[list[str]]:
    """Every published set, its words folded (one query)."""
    groups = []
    for words in SynonymSet.objects.published().values_list("words", flat=True):
        folded = list(dict.fromkeys(fold(word) for word in SynonymSet(words=words).word_list))
        groups.append([word for word in folded if word])
    return groups


def expanded(terms: list[str], groups: list[list[str]] | None = None) -> list[list[str]]:
    """Each folded term with what it may also be written as: a word of a set within the
    term stands for any other word of the set (キエフ州 finds キーウ州)."""
    if not terms:
        return []
    groups = synonym_groups() if groups is None else groups
    result = []
    for term in terms:
        alternatives = [term]
        for group in groups:
            for word in group:
                if word in term:
                    alternatives += [term.replace(word, other) for other in group if other != word]
        result.append(list(dict.fromkeys(alternatives))[:MAX_ALTERNATIVES])
    return result

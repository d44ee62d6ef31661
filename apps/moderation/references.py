"""What still points at an entry: why it cannot be deleted."""

from django.db.models import CASCADE
from django.utils.translation import gettext as _

from apps.core.registry import entry_type_for, entry_types


def references_to(entry) -> list[str]:
    """Other entries that point at ``entry`` and would lose their link if it were deleted.

    A citation is named by the entry that cites; rows that go with the entry (its
    own citations, the link checker's status of a source) are no obstacle. At most
    ten are named per kind of entry; the list ends with a count of the rest.
    """
    citation_models = {t.citation_model: t for t in entry_types() if t.citation_model}
    own = entry_type_for(type(entry)).citation_model
    found, more = [], 0
    for relation in entry._meta.related_objects:
        related = relation.related_model
        if related is own:
            continue
        if relation.on_delete is CASCADE and not _is_content(related, citation_models):
            continue
        rows = related._base_manager.filter(**{relation.field.name: entry})
        if related in citation_models:
            model = citation_models[related].model
            # What the entry's name reads (its claimant, its weapon) comes with it.
            shown = [f"entry__{name}" for name in getattr(model, "label_related", ())]
            rows = rows.select_related("entry", *shown).order_by("entry__pk")
            named = [f"{model._meta.verbose_name}: {row.entry}" for row in rows[:10]]
        else:
            kind = related._meta.verbose_name
            named = [f"{kind}: {row}" for row in rows[:10]]
        found.extend(named)
        if len(named) == 10:
            more += rows.count() - 10
    if more:
        found.append(_("and %(count)s more") % {"count": more})
    return found


def _is_content(model, citation_models) -> bool:
    if model in citation_models:
        return True
    try:
        entry_type_for(model)
    except LookupError:
        return False
    return True


def referenced_message(blockers) -> str:
    return _("Cannot delete: other entries still refer to it: %(list)s.") % {
        "list": "; ".join(blockers),
    }

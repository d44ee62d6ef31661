"""The kinds of entry the API serves, by the names and paths researchers use."""

from dataclasses import dataclass

from django.apps import apps

from apps.core.registry import EntryType, entry_type_for


@dataclass(frozen=True, slots=True)
class ApiType:
    name: str  # "event": what an item's "type" says
    path: str  # "events": where its list is, under /api/v1/
    label: str  # "events.event": the model's label
    dated: bool  # listed by its date, with the timeline's filters

    @property
    def model(self):
        return apps.get_model(self.label)

    @property
    def entry_type(self) -> EntryType:
        return entry_type_for(self.model)


# In the order of the OpenAPI document.
API_TYPES = (
    ApiType("event", "events", "events.event", True),
    ApiType("troop_estimate", "estimates", "events.troopestimate", True),
    ApiType("reaction", "reactions", "reactions.reaction", True),
    ApiType("weapon_system", "weapon-systems", "weapons.weaponsystem", False),
    ApiType("weapon_report", "weapon-reports", "weapons.weaponreport", True),
    ApiType("source", "sources", "sources.source", False),
    ApiType("actor", "actors", "actors.actor", False),
    ApiType("place", "places", "places.place", False),
    ApiType("article", "articles", "article.article", False),
    ApiType("passage", "passages", "article.passage", False),
    ApiType("correction", "corrections", "corrections.correction", False),
    ApiType("synonym_set", "synonyms", "synonyms.synonymset", False),
)
BY_LABEL = {api_type.label: api_type for api_type in API_TYPES}
BY_NAME = {api_type.name: api_type for api_type in API_TYPES}


def api_type_of(model) -> ApiType:
    return BY_LABEL[model._meta.label_lower]

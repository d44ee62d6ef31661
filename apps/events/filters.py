"""The timeline's filters: one GET form for events and troop estimates alike."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.actors.models import Actor
from apps.claims.models import ClaimStatus
from apps.core.folding import fold, query_terms
from apps.core.trees import subtree
from apps.history.models import Publication
from apps.history.search import containing, entries_matching, indexed
from apps.places.models import Place
from apps.sources.models import Source
from apps.synonyms.expansion import expanded

from .models import Event, EventKind, TroopEstimate

ESTIMATE = "estimate"
MAX_QUERY_LENGTH = 100
# The text filter keeps the latest this many matches of each kind (as the search does).
TEXT_MATCHES = 1000


def _outlets() -> list[str]:
    """The outlets a source may be named by, in name order (one query, by index)."""
    return list(
        Source.objects.published().order_by("work").values_list("work", flat=True).distinct()
    )


class TypedNameField(forms.CharField):
    """An entry of ``model`` by what a reader knows of it, not by an option list on every
    page: its key, or words of its name or title (folded as the search folds them, without
    synonyms: a name is what it says). ``chosen`` turns what the words name into the
    filter's value; nothing published named is an error that says what was typed."""

    model = None
    default_error_messages = {"none": _("Nothing published is named “%(value)s”.")}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        terms = [[term] for term in query_terms(value)]
        named = self.model.objects.published().filter(
            Q(slug=value) | Q(pk__in=entries_matching(self.model, terms))
        )
        chosen = self.chosen(value, named)
        if not chosen:
            raise forms.ValidationError(
                self.error_messages["none"], code="none", params={"value": value[:60]}
            )
        return chosen

    def chosen(self, value: str, named) -> list:
        raise NotImplementedError


# An outlet or a word names at most this many sources: a filter, not a listing.
MAX_SOURCES = 500


class SourcesField(TypedNameField):
    """Sources by an outlet (NHK), words of a title, or the key of a bibliography link;
    cleaned to the keys of the published sources it names."""

    model = Source
    default_error_messages = {
        "none": _("No published source has “%(value)s” in its outlet or title."),
    }

    def chosen(self, value, named):
        return list(named.values_list("pk", flat=True)[: MAX_SOURCES + 1])


# A name names at most this many entries: a filter, not a listing.
MAX_NAMED = 50


class NamedField(TypedNameField):
    """An actor or a place by its name, part of its name, or the key of a link; cleaned to
    the keys of the published entries it names. A name that is some entry's whole name (or
    key) means that one; otherwise every entry whose name has it (韓国国 means 韓国国家情報院
    and 韓国国防部)."""

    def chosen(self, value, named):
        found = list(named.values_list("slug", "name")[: MAX_NAMED + 1])
        wanted = fold(value)
        exact = [slug for slug, name in found if slug == value or fold(name) == wanted]
        return exact or [slug for slug, _ in found]


class ActorField(NamedField):
    model = Actor


class PlaceField(NamedField):
    model = Place


class ActorFilter(django_filters.Filter):
    field_class = ActorField


class PlaceFilter(django_filters.Filter):
    field_class = PlaceField


class SourcesFilter(django_filters.Filter):
    field_class = SourcesField


def _day(moment) -> str:
    # The range filter widens its days to moments (00:00, 23:59:59…): the reader typed days.
    return timezone.localtime(moment).date().isoformat()


class TimelineForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        dates = cleaned.get("date")
        if dates and dates.start and dates.stop and dates.start > dates.stop:
            self.add_error(
                "date",
                _("The range ends (%(stop)s) before it starts (%(start)s): swap the two dates.")
                % {"start": _day(dates.start), "stop": _day(dates.stop)},
            )
        return cleaned


class TimelineFilter(django_filters.FilterSet):
    date = django_filters.DateFromToRangeFilter(
        label=_("Between"),
        method="filter_date",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[*EventKind.choices, (ESTIMATE, _("troop estimate"))],
        method="filter_kind",
        empty_label=_("all kinds"),
    )
    # By name: hundreds of options would weigh on every page.
    actor = ActorFilter(
        label=_("Actor"),
        method="filter_actor",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("韓国, NATO…")}),
        help_text=_("A name, or part of one; with the organisations under it."),
    )
    place = PlaceFilter(
        label=_("Place"),
        method="filter_place",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("クルスク州…")}),
        help_text=_("A name, or part of one; with the places within it."),
    )
    source = SourcesFilter(
        label=_("Source"),
        method="filter_source",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(
            attrs={"list": "source-outlets", "placeholder": _("NHK, ロイター…")}
        ),
        help_text=_("An outlet, or words of an article's title."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Claim status"),
        choices=ClaimStatus.choices,
        method="filter_status",
        empty_label=_("any status"),
    )
    q = django_filters.CharFilter(
        label=_("Text"),
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = Event  # estimates go through the same filters (see estimates())
        fields = []
        form = TimelineForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._form_has_options = False
        # The entries a history queryset holds (``history``): its model is the history's.
        self._history_of = None
        self._history_is_current = False
        self._subtrees = {}  # (model, slugs) → the keys of them and of everything under them
        self._terms = {}  # text → its terms with their synonyms
        self._matched = {}  # (model, text) → the keys of the entries found
        self.outlets = []  # what the source field suggests (read with the form's options)

    def _entries(self, queryset):
        """The kind of entry ``queryset`` filters: its model, or the one a history holds."""
        return self._history_of if queryset.model is Publication else queryset.model

    def history(self, publications, model, *, current=False):
        """The same filters, applied to the published states of ``model``'s entries
        (``history.Publication``: now, or as of a moment), by what those states say.
        ``current``: the states are today's (``at(None)``), which the search index holds."""
        self._history_of = model
        self._history_is_current = current
        try:
            return self.apply(publications)
        finally:
            self._history_of = None
            self._history_is_current = False

    def filter_date(self, queryset, name, value):
        # Overlap: a month or a period counts when any of its days is in the range.
        if value.start:
            queryset = queryset.filter(date_last__gte=value.start)
        if value.stop:
            queryset = queryset.filter(date__lte=value.stop)
        return queryset

    def filter_kind(self, queryset, name, value):
        if self._entries(queryset) is TroopEstimate:
            return queryset if value == ESTIMATE else queryset.none()
        if value == ESTIMATE:
            return queryset.none()
        if queryset.model is Publication:
            return queryset.filter(state__fields__kind=value)
        return queryset.filter(kind=value)

    def filter_actor(self, queryset, name, value):
        # An actor with everyone under it: 韓国 finds what 韓国国家情報院 said.
        link = "claimant" if self._entries(queryset) is TroopEstimate else "actors"
        return self._linked_within(queryset, link, Actor, "affiliation", value)

    def filter_place(self, queryset, name, value):
        # A place with every place within it: ロシア finds what happened in クルスク州.
        return self._linked_within(queryset, "places", Place, "parent", value)

    def _linked_within(self, queryset, link, model, parent_field, slugs):
        within = self._subtree(model, parent_field, slugs)
        if queryset.model is Publication:
            return queryset.referring_to(link, *within)
        field = queryset.model._meta.get_field(link)
        if not field.many_to_many:
            return queryset.filter(**{f"{link}__any_of": within})
        through = field.remote_field.through
        # From the few links of the chosen entries, not an EXISTS tried on every entry.
        return queryset.filter(
            pk__in=through.objects.filter(
                **{f"{field.m2m_reverse_field_name()}__any_of": within}
            ).values(field.m2m_field_name())
        )

    def _subtree(self, model, parent_field, slugs) -> list[int]:
        """The keys of ``slugs`` and of everything under them, read once a request: the
        page counts, lists, charts and maps events and estimates by them. A list, not the
        recursive query as a subquery: PostgreSQL cannot tell how many entries a
        recursive query finds (it guesses half of them all), and planned every page
        around that guess."""
        key = (model, tuple(slugs))
        if key not in self._subtrees:
            self._subtrees[key] = list(
                model.objects.filter(pk__in=subtree(model, parent_field, slugs)).values_list(
                    "pk", flat=True
                )
            )
        return self._subtrees[key]

    def filter_source(self, queryset, name, value):
        if queryset.model is Publication:
            return queryset.referring_to("source", *value)
        citations = queryset.model._meta.get_field("citations").related_model
        return queryset.filter(
            Exists(citations.objects.filter(entry=OuterRef("pk"), source__any_of=value))
        )

    def filter_status(self, queryset, name, value):
        if queryset.model is Publication:
            return queryset.filter(state__fields__claim_status=value)
        return queryset.filter(claim_status=value)

    def filter_text(self, queryset, name, value):
        # The search's matching (``history.search``): folded, with synonyms, every word.
        if value not in self._terms:  # events and estimates are filtered alike
            self._terms[value] = expanded(query_terms(value))
        terms = self._terms[value]
        if not terms:
            return queryset
        if queryset.model is Publication:
            if self._history_is_current:
                return indexed(queryset, terms)
            return containing(queryset, terms)
        # The latest TEXT_MATCHES of each kind: a word every entry has costs what a rare one
        # does (the page says when the limit was reached). Read once a kind and kept: the
        # page counts, lists, charts and maps the same entries (each a search otherwise).
        key = (queryset.model, value)
        if key not in self._matched:
            self._matched[key] = list(entries_matching(queryset.model, terms, TEXT_MATCHES))
        # One array parameter on PostgreSQL (``core.lookups``): a thousand keys as as many
        # parameters would be merged into each query's text by psycopg.
        return queryset.filter(pk__any_of=self._matched[key])

    @property
    def form(self):
        form = super().form
        if not self._form_has_options:
            self._form_has_options = True
            self.outlets = _outlets()
        return form

    @property
    def matches_text(self) -> bool:
        """Whether the text filter is in use (it keeps the latest ``TEXT_MATCHES``)."""
        return self.is_bound and self.is_valid() and bool(self.form.cleaned_data.get("q"))

    @property
    def wants_estimates_only(self) -> bool:
        return self.is_bound and self.form.cleaned_data.get("kind") == ESTIMATE

    def apply(self, queryset):
        """Filter any timeline queryset (events or estimates) with the validated form."""
        if not self.is_bound:
            return queryset
        if not self.is_valid():
            return queryset.none()
        return self.filter_queryset(queryset)

    def events(self):
        return self.apply(Event.objects.published())

    def estimates(self):
        return self.apply(TroopEstimate.objects.published())


@dataclass(slots=True, frozen=True)
class FilterField:
    """One field of the filter form, as the ``filter_field`` macro writes it."""

    name: str
    label: str
    kind: str  # "dates" (from and to), "select" or "input"
    value: object  # the value as submitted; for "dates", the (from, to) pair
    choices: tuple  # (value, label) of a select
    input_type: str
    attrs: tuple  # the other attributes, in order: (name, value), True for a bare attribute
    errors: tuple
    help_text: str = ""
    help_id: str = ""  # what the control's aria-describedby names
    suggestions: tuple = ()  # what a text input's datalist offers
    suggestions_id: str = ""  # the datalist's id (the input's ``list``)


@dataclass(slots=True, frozen=True)
class FilterForm:
    """The timeline's filter form, as the ``filter_form`` macro writes it."""

    fields: list[FilterField]
    errors: tuple[str, ...]  # what is wrong with the filters together
    active: tuple[str, ...] = ()  # what the filters ask for, as the summary on a phone says it

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(field.errors for field in self.fields)


def filter_form(filterset: TimelineFilter) -> FilterForm:
    """The filter form with what was submitted and what is wrong."""
    fields = filter_fields(filterset)
    return FilterForm(fields, tuple(filterset.form.non_field_errors()), _active(fields))


def _active(fields: list[FilterField]) -> tuple[str, ...]:
    """What each filter that is set asks for: the chosen option's label, the dates, the text."""
    active = []
    for field in fields:
        if field.kind == "dates":
            start, stop = (*field.value, "", "")[:2]
            if start or stop:
                active.append(f"{start or '…'} – {stop or '…'}")
        elif field.kind == "select":
            if field.value:
                active.append(dict(field.choices).get(field.value, field.value))
        elif field.value not in (None, ""):
            active.append(f"{field.label}: {field.value}")
    return tuple(active)


def filter_fields(filterset: TimelineFilter) -> list[FilterField]:
    """The fields of the timeline's filter form, with what was submitted and what is wrong."""
    fields = []
    for bound in filterset.form:
        widget = bound.field.widget
        errors = tuple(bound.errors)
        if isinstance(widget, django_filters.widgets.DateRangeWidget):
            value = tuple(bound.value() or ())
            fields.append(
                FilterField(bound.name, str(bound.label), "dates", value, (), "", (), errors)
            )
            continue
        help_text = str(bound.help_text or "")
        help_id = f"{bound.auto_id}_helptext" if help_text and bound.auto_id else ""
        # The attributes Django gives the widget (id, aria-describedby, its own), in its order.
        attrs = bound.build_widget_attrs({}, widget)
        if bound.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", bound.auto_id)
        ordered = {**attrs, **widget.build_attrs(widget.attrs, attrs)}
        shown = tuple((k, v) for k, v in ordered.items() if v is not False and v is not None)
        if isinstance(widget, forms.Select):
            # Not through the widget's context: it would build an option dict for each of
            # hundreds of actors and places.
            value = "" if bound.value() is None else str(bound.value())
            choices = tuple((str(key), str(text)) for key, text in widget.choices)
            fields.append(
                FilterField(
                    bound.name,
                    str(bound.label),
                    "select",
                    value,
                    choices,
                    "",
                    shown,
                    errors,
                    help_text,
                    help_id,
                )
            )
        else:
            context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
            fields.append(
                FilterField(
                    bound.name,
                    str(bound.label),
                    "input",
                    context["value"],
                    (),
                    context["type"],
                    shown,
                    errors,
                    help_text,
                    help_id,
                    tuple(filterset.outlets) if widget.attrs.get("list") else (),
                    widget.attrs.get("list", ""),
                )
            )
    return fields


def query_parameters(filterset_class) -> tuple[str, ...]:
    """The query parameters a filter set reads: a range filter's as its widget names them
    (``date_after``, ``date_before``)."""
    names = []
    for name, declared in filterset_class.base_filters.items():
        suffixes = getattr(declared.extra.get("widget"), "suffixes", None)
        names += [f"{name}_{suffix}" for suffix in suffixes] if suffixes else [name]
    return tuple(names)


TIMELINE_PARAMETERS = query_parameters(TimelineFilter)

"""The timeline's filters: one GET form for events and troop estimates alike."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import CharField, Q, Value
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from apps.actors.models import Actor
from apps.claims.models import ClaimStatus
from apps.history.models import Publication
from apps.places.models import Place
from apps.sources.models import Source

from .models import Event, EventKind, TroopEstimate

ESTIMATE = "estimate"
MAX_QUERY_LENGTH = 100


def _actor_and_place_choices():
    """The options of both selects in one query (slug, name), in name order."""
    tagged = (
        Actor.objects.published()
        .annotate(tag=Value("actor", output_field=CharField()))
        .values_list("tag", "slug", "name")
        .order_by()
        .union(
            Place.objects.published()
            .annotate(tag=Value("place", output_field=CharField()))
            .values_list("tag", "slug", "name")
            .order_by(),
            all=True,
        )
        .order_by("tag", "name", "slug")
    )
    actors, places = [], []
    for tag, slug, name in tagged:
        (actors if tag == "actor" else places).append((slug, name))
    return actors, places


class LoadedChoices(BaseChoiceIterator):
    """(value, label) pairs as read from the database: Django need not normalise them again
    (a select of hundreds of actors and places took longer than the rest of its form)."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


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
    actor = django_filters.ModelChoiceFilter(
        label=_("Actor"),
        queryset=Actor.objects.published().order_by("name"),
        to_field_name="slug",
        method="filter_actor",
        empty_label=_("all actors"),
    )
    place = django_filters.ModelChoiceFilter(
        label=_("Place"),
        queryset=Place.objects.published().order_by("name"),
        to_field_name="slug",
        method="filter_place",
        empty_label=_("all places"),
    )
    source = django_filters.ModelChoiceFilter(
        label=_("Source"),
        queryset=Source.objects.published(),
        to_field_name="slug",
        method="filter_source",
        widget=forms.TextInput(attrs={"placeholder": _("source key, e.g. nhk-20241018")}),
        help_text=_("The key shown in the bibliography."),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._form_has_options = False
        # The entries a history queryset holds (``history``): its model is the history's.
        self._history_of = None

    def _entries(self, queryset):
        """The kind of entry ``queryset`` filters: its model, or the one a history holds."""
        return self._history_of if queryset.model is Publication else queryset.model

    def history(self, publications, model):
        """The same filters, applied to the published states of ``model``'s entries
        (``history.Publication``: now, or as of a moment), by what those states say."""
        self._history_of = model
        try:
            return self.apply(publications)
        finally:
            self._history_of = None

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
        link = "claimant" if self._entries(queryset) is TroopEstimate else "actors"
        if queryset.model is Publication:
            return queryset.referring_to(link, value.pk)
        return queryset.filter(**{link: value})

    def filter_place(self, queryset, name, value):
        if queryset.model is Publication:
            return queryset.referring_to("places", value.pk)
        return queryset.filter(places=value)

    def filter_source(self, queryset, name, value):
        if queryset.model is Publication:
            return queryset.referring_to("source", value.pk)
        return queryset.filter(citations__source=value)

    def filter_status(self, queryset, name, value):
        if queryset.model is Publication:
            return queryset.filter(state__fields__claim_status=value)
        return queryset.filter(claim_status=value)

    def filter_text(self, queryset, name, value):
        # icontains is a plain substring match: Japanese has no word boundaries to respect.
        value = value.strip()
        if not value:
            return queryset
        if queryset.model is Publication:
            return queryset.filter(search_text__icontains=value)
        if queryset.model is TroopEstimate:
            return queryset.filter(statement__icontains=value)
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))

    @property
    def form(self):
        form = super().form
        if not self._form_has_options:
            # The actor and place options in one query, rather than one per select.
            self._form_has_options = True
            actors, places = _actor_and_place_choices()
            form.fields["actor"].widget.choices = LoadedChoices([("", _("all actors")), *actors])
            form.fields["place"].widget.choices = LoadedChoices([("", _("all places")), *places])
        return form

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


@dataclass(slots=True, frozen=True)
class FilterForm:
    """The timeline's filter form, as the ``filter_form`` macro writes it."""

    fields: list[FilterField]
    errors: tuple[str, ...]  # what is wrong with the filters together


def filter_form(filterset: TimelineFilter) -> FilterForm:
    """The filter form with what was submitted and what is wrong."""
    return FilterForm(filter_fields(filterset), tuple(filterset.form.non_field_errors()))


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

"""The timeline's filters: one GET form for events and troop estimates alike."""

import django_filters
from django.db.models import CharField, Q, Value
from django.utils.translation import gettext_lazy as _

from apps.actors.models import Actor
from apps.claims.models import ClaimStatus
from apps.core.widgets import FastInput, FastSelect, LoadedChoices
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
        widget=FastSelect,
    )
    actor = django_filters.ModelChoiceFilter(
        label=_("Actor"),
        queryset=Actor.objects.published().order_by("name"),
        to_field_name="slug",
        method="filter_actor",
        empty_label=_("all actors"),
        widget=FastSelect,
    )
    place = django_filters.ModelChoiceFilter(
        label=_("Place"),
        queryset=Place.objects.published().order_by("name"),
        to_field_name="slug",
        method="filter_place",
        empty_label=_("all places"),
        widget=FastSelect,
    )
    source = django_filters.ModelChoiceFilter(
        label=_("Source"),
        queryset=Source.objects.published(),
        to_field_name="slug",
        method="filter_source",
        widget=FastInput(attrs={"placeholder": _("source key, e.g. nhk-20241018")}),
        help_text=_("The key shown in the bibliography."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Claim status"),
        choices=ClaimStatus.choices,
        method="filter_status",
        empty_label=_("any status"),
        widget=FastSelect,
    )
    q = django_filters.CharFilter(
        label=_("Text"),
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        widget=FastInput(attrs={"type": "search"}),
    )

    class Meta:
        model = Event  # estimates go through the same filters (see estimates())
        fields = []

    def filter_date(self, queryset, name, value):
        # Overlap: a month or a period counts when any of its days is in the range.
        if value.start:
            queryset = queryset.filter(date_last__gte=value.start)
        if value.stop:
            queryset = queryset.filter(date__lte=value.stop)
        return queryset

    def filter_kind(self, queryset, name, value):
        if queryset.model is TroopEstimate:
            return queryset if value == ESTIMATE else queryset.none()
        return queryset.none() if value == ESTIMATE else queryset.filter(kind=value)

    def filter_actor(self, queryset, name, value):
        if queryset.model is TroopEstimate:
            return queryset.filter(claimant=value)
        return queryset.filter(actors=value)

    def filter_place(self, queryset, name, value):
        return queryset.filter(places=value)

    def filter_source(self, queryset, name, value):
        return queryset.filter(citations__source=value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(claim_status=value)

    def filter_text(self, queryset, name, value):
        # icontains is a plain substring match: Japanese has no word boundaries to respect.
        value = value.strip()
        if not value:
            return queryset
        if queryset.model is TroopEstimate:
            return queryset.filter(statement__icontains=value)
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_choices_loaded", False):
            form._choices_loaded = True
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

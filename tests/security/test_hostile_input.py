"""Broken and hostile input: refused with the field named, nothing written, never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.events.models import Event, TroopEstimate
from apps.moderation.models import ChangeRequest
from tests.moderation.conftest import admin_form_data, set_citations

pytestmark = pytest.mark.django_db


def estimate_form(client, estimate):
    url = f"/admin/events/troopestimate/{estimate.pk}/change/"
    return url, admin_form_data(client.get(url))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"figure": "-5"}, "figure"),
        ({"figure": "0"}, "figure"),
        ({"figure": "99999999"}, "figure"),
        ({"figure": "abc"}, "figure"),
        ({"figure_high": "100"}, "figure_high"),  # below the figure
        ({"scope": "everyone"}, "scope"),
        ({"qualifier": "roughly"}, "qualifier"),
        ({"date": "2024-02-30"}, "date"),
        ({"date": "2024-13-01"}, "date"),
        ({"date_end": "2024-10-01"}, "date_end"),  # before the start
        ({"date": "10月頃"}, "date"),  # no year
        ({"date": "2024-10-18x"}, "date"),
        ({"date_end": "2024-11"}, "date_end"),  # less precise than the start
        ({"date": "２" * 40}, "date"),
        ({"slug": "Not A Slug!"}, "slug"),
        ({"claimant": "999999"}, "claimant"),
        ({"edit_summary": "あ" * 301}, "edit_summary"),
        ({"edit_summary": ""}, "edit_summary"),
    ],
)
def test_admin_refuses_bad_estimates_naming_the_field(client, editor, changes, field):
    estimate = TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")
    client.force_login(editor)
    url, data = estimate_form(client, estimate)
    data.update(changes)
    data.setdefault("edit_summary", "壊す")
    response = client.post(url, data)
    assert response.status_code == 200
    errors = {
        **response.context["adminform"].form.errors,
        **response.context["proposal_form"].errors,
    }
    assert field in errors or "__all__" in errors, errors
    assert not ChangeRequest.objects.exists()
    estimate.refresh_from_db()
    assert estimate.figure == 1500


def test_overlong_title_and_duplicate_citation_on_an_event(client, editor):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    client.force_login(editor)
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_form_data(client.get(url))
    data.update(title="長" * 201, edit_summary="長すぎる見出し")
    assert "title" in client.post(url, data).context["adminform"].form.errors
    data.update(title=event.title)
    source = event.citations.get().source_id
    set_citations(data, [source, source])
    response = client.post(url, data)
    assert response.status_code == 200
    assert any(
        fs.non_form_errors() or any(fs.errors)
        for fs in (i.formset for i in response.context["inline_admin_formsets"])
    )
    assert not ChangeRequest.objects.exists()


PARAMS = ["date_after", "date_before", "kind", "actor", "place", "source", "q", "page"]
PUBLIC = [
    "/",
    "/export/timeline.json",
    "/export/timeline.csv",
    "/reactions/",
    "/weapons/",
    "/sources/",
]
garbage = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "2024-02-30",
            "-1",
            "0",
            "99999999999",
            "%00",
            "../../etc",
            "<script>",
            "' OR 1=1 --",
            "2024-10-18",
            "statement",
            "estimate",
            "nis",
            "1",
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    url=st.sampled_from(PUBLIC),
    params=st.dictionaries(st.sampled_from(PARAMS), garbage, max_size=4),
)
def test_random_parameters_never_cause_a_server_error(client, url, params):
    response = client.get(url, params, follow=True)  # a parameter the page does not read: 301
    assert response.status_code in (200, 400, 404), (url, params, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(slug=st.text(max_size=80))
def test_random_slugs_are_404s(client, slug):
    from urllib.parse import quote

    for prefix in ("/events/", "/sources/"):
        response = client.get(prefix + quote(slug, safe="") + "/")
        assert response.status_code in (200, 404), (prefix, slug)


def test_an_oversized_request_body_is_refused_before_it_is_read(client):
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    response = client.post(
        "/admin/login/",
        data=b"username=a&password=" + b"x" * (1024 * 1024 + 1),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_too_many_form_fields_are_refused(client):
    body = "&".join(f"f{number}=x" for number in range(1001))
    response = client.post(
        "/admin/login/", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400

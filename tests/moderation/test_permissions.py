"""Who may open which admin and moderation page, and who may decide."""

import pytest
from django.contrib.auth.models import Group
from reversion.models import Version

from apps.core.registry import entry_types
from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import Status
from apps.moderation.roles import EDITORS, REVIEWERS, role_permissions
from apps.moderation.state import state_of

from .conftest import make_user

pytestmark = pytest.mark.django_db

ANON, EDITOR, REVIEWER, ROOT, STAFF = "anonymous", "editor", "reviewer", "superuser", "staff"


@pytest.fixture
def users(editor, reviewer, superuser):
    return {
        ANON: None,
        EDITOR: editor,
        REVIEWER: reviewer,
        ROOT: superuser,
        STAFF: make_user("eve"),  # staff without a role
    }


@pytest.fixture
def urls(editor):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    state = state_of(event)
    state["fields"]["title"] = "権限テスト"
    change = services.change_propose(
        author=editor, model=Event, summary="権限テスト", state=state, target=event
    )
    version = Version.objects.get_for_object(event).get()
    base = f"/admin/events/event/{event.pk}"
    return {
        "public timeline": "/",
        "event page": f"/events/{event.slug}/",
        "source page": "/sources/nhk-20241021/",
        "feed": "/feed/",
        "json export": "/export/timeline.json",
        "csv export": "/export/timeline.csv",
        "admin index": "/admin/",
        "event list": "/admin/events/event/",
        "event add": "/admin/events/event/add/",
        "event change": f"{base}/change/",
        "event delete": f"{base}/delete/",
        "event history": f"{base}/history/",
        "event compare": f"{base}/history/compare/?from={version.pk}&to=current",
        "event restore": f"{base}/history/{version.pk}/restore/",
        "deleted events": "/admin/events/event/recover/",
        "moderation queue": "/admin/moderation/changerequest/",
        "proposed change": change.get_absolute_url(),
        "recent changes": "/admin/moderation/decision/",
        "users": "/admin/auth/user/",
    }


LOGIN = 302
# fmt: off
EXPECTED = {
    #                     anonymous editor reviewer superuser staff
    "public timeline":   (200, 200, 200, 200, 200),
    "event page":        (200, 200, 200, 200, 200),
    "source page":       (200, 200, 200, 200, 200),
    "feed":              (200, 200, 200, 200, 200),
    "json export":       (200, 200, 200, 200, 200),
    "csv export":        (200, 200, 200, 200, 200),
    "admin index":       (LOGIN, 200, 200, 200, 200),
    "event list":        (LOGIN, 200, 200, 200, 403),
    "event add":         (LOGIN, 200, 200, 200, 403),
    "event change":      (LOGIN, 200, 200, 200, 403),
    "event delete":      (LOGIN, 200, 200, 200, 403),
    "event history":     (LOGIN, 200, 200, 200, 403),
    "event compare":     (LOGIN, 200, 200, 200, 403),
    "event restore":     (LOGIN, 200, 200, 200, 403),
    "deleted events":    (LOGIN, 200, 200, 200, 403),
    "moderation queue":  (LOGIN, 200, 200, 200, 403),
    "proposed change":   (LOGIN, 200, 200, 200, 403),
    "recent changes":    (LOGIN, 200, 200, 200, 403),
    "users":             (LOGIN, 403, 403, 200, 403),
}
# fmt: on
ROLES = [ANON, EDITOR, REVIEWER, ROOT, STAFF]


@pytest.mark.parametrize("page", EXPECTED)
def test_permission_matrix(client, users, urls, page):
    got = []
    for role in ROLES:
        client.logout()
        if users[role]:
            client.force_login(users[role])
        got.append(client.get(urls[page]).status_code)
    assert tuple(got) == EXPECTED[page], dict(zip(ROLES, got, strict=True))


@pytest.mark.parametrize(
    ("role", "outcome"),
    [
        (ANON, Status.PENDING),
        (STAFF, Status.PENDING),
        (EDITOR, Status.PENDING),
        (REVIEWER, Status.APPROVED),
        (ROOT, Status.APPROVED),
    ],
)
def test_who_may_approve(client, users, other_editor, role, outcome):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    state = state_of(event)
    state["fields"]["title"] = "承認テスト"
    change = services.change_propose(
        author=other_editor, model=Event, summary="承認テスト", state=state, target=event
    )
    if users[role]:
        client.force_login(users[role])
    client.post(change.get_absolute_url(), {"_approve": "1", "revision": change.revision})
    change.refresh_from_db()
    assert change.status == outcome


def test_moderation_actions_need_post(client, users, urls):
    client.force_login(users[REVIEWER])
    client.get(urls["proposed change"] + "?_approve=1")
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    assert event.version == 1


def test_groups_exist_after_migrate_with_the_permissions_of_their_role():
    for name, wanted in role_permissions().items():
        group = Group.objects.get(name=name)
        held = set(group.permissions.values_list("content_type__app_label", "codename"))
        assert held == set(wanted)
    reviewers = Group.objects.get(name=REVIEWERS)
    assert reviewers.permissions.filter(codename="review_changerequest").exists()
    assert (
        not Group.objects.get(name=EDITORS)
        .permissions.filter(codename="review_changerequest")
        .exists()
    )


def test_every_entry_model_is_editable_by_the_roles():
    held = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    for entry_type in entry_types():
        name = entry_type.model._meta.model_name
        assert {f"add_{name}", f"change_{name}", f"delete_{name}", f"view_{name}"} <= held, name

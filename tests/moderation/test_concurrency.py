"""Two reviewers at the same moment, with real threads and row locks on PostgreSQL."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import ChangeRequest, Status
from apps.moderation.roles import EDITORS, REVIEWERS
from apps.moderation.state import state_of

from .conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL (run with DATABASE_URL)",
    ),
]


def run_together(*calls):
    """Run each call in its own thread and database connection, released at once."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except Exception as exc:
            outcomes[index] = ("refused", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def team():
    call_command("loaddata", "seed", verbosity=0)
    return {
        "alice": make_user("alice", EDITORS),
        "carol": make_user("carol", EDITORS),
        "bob": make_user("bob", EDITORS, REVIEWERS),
        "dave": make_user("dave", EDITORS, REVIEWERS),
    }


def propose(author, title):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    state = state_of(event)
    state["fields"]["title"] = title
    return services.change_propose(
        author=author, model=Event, summary=title, state=state, target=event
    )


def test_two_reviewers_approving_the_same_change_apply_it_once(team):
    change = propose(team["alice"], "同時承認")
    outcomes = run_together(
        lambda: services.change_approve(change=change, reviewer=team["bob"]),
        lambda: services.change_approve(change=change, reviewer=team["dave"]),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    refused = next(value for kind, value in outcomes if kind == "refused")
    assert isinstance(refused, services.AlreadyDecided)
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    assert (event.title, event.version) == ("同時承認", 2)
    assert ChangeRequest.objects.get().status == Status.APPROVED


def test_two_changes_to_one_entry_approved_at_once_publish_one(team):
    first = propose(team["alice"], "変更その1")
    second = propose(team["carol"], "変更その2")
    outcomes = run_together(
        lambda: services.change_approve(change=first, reviewer=team["bob"]),
        lambda: services.change_approve(change=second, reviewer=team["dave"]),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    refused = next(value for kind, value in outcomes if kind == "refused")
    assert isinstance(refused, services.Conflict)
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    assert event.version == 2
    statuses = sorted(ChangeRequest.objects.values_list("status", flat=True))
    assert statuses == [Status.APPROVED, Status.PENDING]  # the loser waits for a rebase

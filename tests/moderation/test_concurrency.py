"""Two reviewers at the same moment, with real threads and row locks on PostgreSQL."""

import threading
from functools import partial

import pytest
from django.core.management import call_command
from django.db import connection

from apps.actors.models import Actor
from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import ChangeRequest, Status
from apps.moderation.roles import EDITORS, REVIEWERS
from apps.moderation.state import state_of
from tests.conftest import propose

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


def propose_title(author, title):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    return propose(event, author, title, title=title)


def test_two_reviewers_approving_the_same_change_apply_it_once(team):
    change = propose_title(team["alice"], "同時承認")
    outcomes = run_together(
        lambda: services.change_approve(
            change=change, revision=change.revision, reviewer=team["bob"]
        ),
        lambda: services.change_approve(
            change=change, revision=change.revision, reviewer=team["dave"]
        ),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    refused = next(value for kind, value in outcomes if kind == "refused")
    assert isinstance(refused, services.AlreadyDecided)
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    assert (event.title, event.version) == ("同時承認", 2)
    assert ChangeRequest.objects.get().status == Status.APPROVED


def test_two_changes_to_one_entry_approved_at_once_publish_one(team):
    first = propose_title(team["alice"], "変更その1")
    second = propose_title(team["carol"], "変更その2")
    outcomes = run_together(
        lambda: services.change_approve(
            change=first, revision=first.revision, reviewer=team["bob"]
        ),
        lambda: services.change_approve(
            change=second, revision=second.revision, reviewer=team["dave"]
        ),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    refused = next(value for kind, value in outcomes if kind == "refused")
    assert isinstance(refused, services.Conflict)
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    assert event.version == 2
    statuses = sorted(ChangeRequest.objects.values_list("status", flat=True))
    assert statuses == [Status.APPROVED, Status.PENDING]  # the loser waits for a merge


def test_approval_racing_a_new_proposal_loses_nothing(team):
    first = propose_title(team["alice"], "先の変更")
    proposals = []

    def propose_meanwhile():
        event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
        state = state_of(event)
        state["fields"]["text"] = "後から提案された本文。"
        proposals.append(
            services.change_propose(
                author=team["carol"], model=Event, summary="本文", state=state, target=event
            )
        )

    outcomes = run_together(
        lambda: services.change_approve(
            change=first, revision=first.revision, reviewer=team["bob"]
        ),
        propose_meanwhile,
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    second = proposals[0]
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    if second.base_version == 1:  # proposed before the approval was committed
        with pytest.raises(services.Conflict):
            services.change_approve(change=second, revision=second.revision, reviewer=team["dave"])
        # Saved again as it is, the change merges with the version published meanwhile.
        second = services.change_revise(
            change=second,
            author=team["carol"],
            summary="本文",
            state=second.proposed_state,
            revision=second.revision,
        )
        assert second.base_version == 2
    services.change_approve(change=second, revision=second.revision, reviewer=team["dave"])
    event.refresh_from_db()
    assert (event.title, event.text, event.version) == ("先の変更", "後から提案された本文。", 3)


def test_a_connection_dropped_during_approval_rolls_back_and_a_retry_succeeds(team):
    import psycopg
    from django.db import OperationalError, connection
    from reversion.signals import pre_revision_commit

    change = propose_title(team["alice"], "切断の後で公開される見出し")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    settings = connection.settings_dict
    killer_dsn = (
        f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} "
        f"user={settings['USER']} dbname={settings['NAME']}"
    )

    def drop_connection(**kwargs):
        with psycopg.connect(killer_dsn, autocommit=True) as killer:
            killer.execute("SELECT pg_terminate_backend(%s)", [pid])

    pre_revision_commit.connect(drop_connection)
    try:
        with pytest.raises(OperationalError):
            services.change_approve(change=change, revision=change.revision, reviewer=team["bob"])
    finally:
        pre_revision_commit.disconnect(drop_connection)
        connection.close()

    change.refresh_from_db()
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    assert change.status == Status.PENDING
    assert event.version == 1 and event.title != "切断の後で公開される見出し"

    services.change_approve(change=change, revision=change.revision, reviewer=team["bob"])
    event.refresh_from_db()
    assert (event.title, event.version) == ("切断の後で公開される見出し", 2)


@pytest.mark.parametrize("member_change", ["rename", "join"])
def test_approvals_on_one_branch_at_once_both_publish(team, member_change):
    # A member's root is derived from its affiliation when it is saved, and moving the
    # affiliation re-roots the members it has. Interleaved, a member joining the branch
    # while the branch moves kept the old root (the move could not see the new member),
    # and with row locks against that, a rename and a move locked each other's rows in
    # opposite orders (PostgreSQL failed one: a deadlock). Approvals queue on the
    # content version: both publish, and the member ends under the branch's new root.
    for round_number in range(3):
        country, other = (
            Actor.objects.create(slug=f"{name}-{round_number}", name=name, kind="country")
            for name in ("country", "other")
        )
        branch = Actor.objects.create(
            slug=f"branch-{round_number}", name="省", kind="government", affiliation=country
        )
        member = Actor.objects.create(
            slug=f"member-{round_number}",
            name="局",
            kind="government",
            affiliation=branch if member_change == "rename" else None,
        )
        if member_change == "rename":
            changed = propose(member, team["alice"], name="新しい局")
        else:
            changed = propose(member, team["alice"], affiliation=branch.pk)
        moved = propose(branch, team["carol"], affiliation=other.pk)
        outcomes = run_together(
            partial(
                services.change_approve,
                change=changed,
                revision=changed.revision,
                reviewer=team["bob"],
            ),
            partial(
                services.change_approve,
                change=moved,
                revision=moved.revision,
                reviewer=team["dave"],
            ),
        )
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        member.refresh_from_db()
        assert (member.affiliation_id, member.root_id) == (branch.pk, other.pk)


def test_an_author_revising_while_a_reviewer_approves_never_publishes_the_unreviewed(team):
    """The reviewer saw revision 1; whichever commits first, revision 2 is not published."""
    orders = set()
    for round_number in range(6):
        reviewed = propose_title(team["alice"], f"査読済みの見出し{round_number}")
        event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
        unreviewed = state_of(event)
        unreviewed["fields"]["title"] = f"誰も見ていない見出し{round_number}"
        outcomes = run_together(
            partial(
                services.change_revise,
                change=reviewed,
                author=team["alice"],
                summary="こっそり修正",
                state=unreviewed,
                revision=1,
            ),
            partial(services.change_approve, change=reviewed, reviewer=team["bob"], revision=1),
        )
        kinds = [kind for kind, _ in outcomes]
        assert sorted(kinds) == ["ok", "refused"], outcomes
        event.refresh_from_db()
        assert not event.title.startswith("誰も見ていない"), (round_number, outcomes)
        reviewed.refresh_from_db()
        if kinds[0] == "ok":  # the revision won: the approval was refused, nothing published
            assert isinstance(outcomes[1][1], services.Revised)
            assert (reviewed.status, reviewed.revision) == (Status.PENDING, 2)
            services.change_withdraw(change=reviewed, user=team["alice"])
            orders.add("revised first")
        else:  # the approval won: revision 1 is published, the revision refused
            assert isinstance(outcomes[0][1], services.AlreadyDecided)
            assert event.title == f"査読済みの見出し{round_number}"
            orders.add("approved first")
    # Which side wins is up to the scheduler; either way the invariant above held.
    assert orders


# --- changesets ------------------------------------------------------------------------


def test_two_reviewers_approving_one_changeset_publish_it_once(team):
    from apps.moderation.models import Changeset
    from apps.sources.models import Source
    from tests.moderation.changesets import NEW_TITLE, submitted_development

    changeset, *_ = submitted_development(team["alice"])
    outcomes = run_together(
        lambda: services.changeset_approve(
            changeset=changeset, revision=changeset.revision, reviewer=team["bob"]
        ),
        lambda: services.changeset_approve(
            changeset=changeset, revision=changeset.revision, reviewer=team["dave"]
        ),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    refused = next(value for kind, value in outcomes if kind == "refused")
    assert isinstance(refused, services.AlreadyDecided)
    assert Source.objects.filter(title=NEW_TITLE).count() == 1
    assert Changeset.objects.get().status == Status.APPROVED


def test_an_author_revising_an_entry_while_the_changeset_is_approved_never_publishes_unseen(
    team,
):
    """Either the approval publishes the revision the reviewer saw and the revision is
    refused, or the revision lands first and the approval is refused: never a mix."""
    from apps.moderation.models import Changeset
    from tests.moderation.changesets import NEW_EVENT_TITLE, submitted_development

    changeset, _source, event, _estimate = submitted_development(team["alice"])
    state = event.proposed_state
    state["fields"]["title"] = "見ていない見出し"
    outcomes = run_together(
        lambda: services.changeset_approve(
            changeset=changeset, revision=changeset.revision, reviewer=team["bob"]
        ),
        lambda: services.change_revise(
            change=event, author=team["alice"], summary="見出し", state=state, revision=1
        ),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    changeset.refresh_from_db()
    published = set(
        Event.objects.filter(title__in=[NEW_EVENT_TITLE, "見ていない見出し"]).values_list(
            "title", flat=True
        )
    )
    if changeset.status == Status.APPROVED:
        assert published == {NEW_EVENT_TITLE}
    else:
        assert published == set()
        assert changeset.revision == 2 and Changeset.objects.get().status == Status.PENDING

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from apps.moderation.roles import EDITORS, REVIEWERS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The whole article is loaded once per run; each test rolls back its own changes."""
    with django_db_blocker.unblock():
        call_command("loaddata", "seed", verbosity=0)


@pytest.fixture
def ja():
    from django.utils import translation

    with translation.override("ja"):
        yield


@pytest.fixture
def en():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's event loop changes Django's per-context
    connection state, which the transactional tests before them rely on."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty page cache."""
    from django.core.cache import cache

    cache.clear()


def make_user(username, *groups, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "correct-horse-battery", is_staff=True, **extra
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def editor(db):
    return make_user("alice", EDITORS)


@pytest.fixture
def other_editor(db):
    return make_user("carol", EDITORS)


@pytest.fixture
def reviewer(db):
    return make_user("bob", EDITORS, REVIEWERS)


@pytest.fixture
def other_reviewer(db):
    return make_user("dave", EDITORS, REVIEWERS)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-123!")


def propose(entry, editor, summary="試験の変更", **fields):
    """Propose new field values for ``entry`` through the moderation services."""
    from apps.moderation import services
    from apps.moderation.state import state_of

    state = state_of(entry)
    state["fields"].update(fields)
    return services.change_propose(
        author=editor, model=type(entry), summary=summary, state=state, target=entry
    )


def publish(entry, editor, reviewer, summary="試験の変更", correction="", **fields):
    """Propose new field values for ``entry`` and approve them: the real workflow. A change
    of substance is published with ``correction``, or else as not substantive."""
    from apps.moderation import services

    change = propose(entry, editor, summary, **fields)
    return services.change_approve(
        change=change,
        revision=change.revision,
        reviewer=reviewer,
        correction=correction,
        not_substantive="" if correction else "試験のための変更",
    )

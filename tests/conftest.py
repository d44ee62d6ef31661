import pytest
from django.core.management import call_command


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

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

CONTENT_APPS = ["sources", "actors", "places", "article", "events", "reactions", "weapons"]


def dump() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata",
        *CONTENT_APPS,
        natural_foreign=True,
        natural_primary=True,
        indent=1,
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dumpdata_of_the_content_round_trips(tmp_path):
    call_command("loaddata", "seed", verbosity=0)
    first = dump()
    (tmp_path / "content.json").write_text(first, encoding="utf-8")

    try:
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(tmp_path / "content.json"), verbosity=0)
        assert dump() == first
    finally:
        # flush recreated the content types with new ids; the test database is restored
        # with the old ones afterwards, so the cached ids must go.
        ContentType.objects.clear_cache()

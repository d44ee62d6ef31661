import pytest
from django.contrib.auth import get_user_model

from apps.moderation.registry import entry_types

pytestmark = pytest.mark.django_db


def test_home_page_lists_published_events(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "プーチン大統領が訪朝、包括的戦略パートナーシップ条約を締結" in page
    assert 'lang="ja"' in page


def test_admin_lists_every_content_model(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456!")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    for entry_type in entry_types():
        opts = entry_type.model._meta
        assert f"/admin/{opts.app_label}/{opts.model_name}/" in page
        changelist = client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
        assert changelist.status_code == 200

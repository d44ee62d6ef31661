"""Notifications in the admin: each person's own, read by opening them, and the mail setting."""

import pytest

from apps.events.models import Event
from apps.notifications.models import MailSetting, Notification
from tests.conftest import propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client):
    """The admin in English (the desk's default is Japanese)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def submit(editor, count):
    events = Event.objects.order_by("pk")[:count]
    return [propose(event, editor, title=f"通知{number}") for number, event in enumerate(events)]


def test_the_index_lists_my_unread_notifications(client, editor, reviewer, en):
    (change,) = submit(editor, 1)
    client.force_login(reviewer)
    page = client.get("/admin/").content.decode()
    assert "1 unread notification" in page
    assert "submitted for review: " + change.object_repr in page
    client.force_login(editor)
    assert "0 unread notifications" in client.get("/admin/").content.decode()


def test_opening_a_notification_marks_it_read_and_shows_the_change(client, editor, reviewer):
    (change,) = submit(editor, 1)
    notification = Notification.objects.get(recipient=reviewer)
    client.force_login(reviewer)
    response = client.get(f"/admin/notifications/notification/{notification.pk}/change/")
    assert response.status_code == 302
    assert response["Location"] == change.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_sees_anyone_elses_notifications(client, editor, reviewer, other_editor):
    submit(editor, 1)
    notification = Notification.objects.get(recipient=reviewer)
    client.force_login(other_editor)
    listing = client.get("/admin/notifications/notification/")
    assert listing.status_code == 200
    assert "通知0" not in listing.content.decode()
    opened = client.get(f"/admin/notifications/notification/{notification.pk}/change/")
    assert opened.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client, editor, reviewer):
    submit(editor, 3)
    client.force_login(reviewer)
    assert client.post("/admin/notifications/notification/read-all/").status_code == 302
    assert not Notification.objects.filter(recipient=reviewer, read_at__isnull=True).exists()


def test_the_mail_setting_is_chosen_and_checked(client, reviewer, en):
    client.force_login(reviewer)
    url = "/admin/notifications/notification/settings/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"mail": "digest"}).status_code == 302
    assert MailSetting.objects.get(user=reviewer).mail == "digest"
    refused = client.post(url, {"mail": "hourly"})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert MailSetting.objects.get(user=reviewer).mail == "digest"


@pytest.mark.parametrize("count", [2, 40])
def test_the_index_and_the_list_cost_the_same_with_2_or_40(
    client, editor, reviewer, count, django_assert_max_num_queries
):
    submit(editor, count)
    client.force_login(reviewer)
    client.get("/admin/")  # warm the session and the content types
    with django_assert_max_num_queries(15):
        assert client.get("/admin/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/admin/notifications/notification/").status_code == 200

"""The personal area's notifications (README §6, seed 2.3.3, 2.3.4): the personal
area needs a login; the first notification, the unread count in the header,
the list, opening one (read, then its report), deleting read ones, and another
user's left alone."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.models import Notification, Report

from .factories import CategoryFactory, NotificationFactory, ReportFactory
from .helpers import (
    CREATE_URL,
    DRAFTS_URL,
    LOGIN_URL,
    MY_REPORTS_URL,
    NOTIFICATIONS_DELETE_URL,
    NOTIFICATIONS_URL,
    detail_url,
    report_data,
    text,
)

pytestmark = pytest.mark.django_db

MSG_DELETED = "Đã xoá {count} thông báo đã xem."
DELETE_ALL = "Xoá tất cả thông báo đã xem"


def notification_open_url(pk):
    return f"/ca-nhan/thong-bao/{pk}/"


def header_count(response):
    """The unread count in the header's "Thông báo" link, or None."""
    match = re.search(
        r'class="site-nav__link site-nav__wide" href="/ca-nhan/">Thông báo'
        r'(?: <span class="count" aria-label="(\d+) chưa đọc">(\d+)</span>)?</a>',
        text(response),
    )
    assert match, "no notifications link in the header"
    if match[1] is None:
        return None
    assert match[1] == match[2]
    return int(match[1])


@pytest.mark.parametrize(
    "url", [NOTIFICATIONS_URL, MY_REPORTS_URL, DRAFTS_URL, notification_open_url(1)]
)
def test_personal_area_needs_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_delete_needs_login(client):
    notification = NotificationFactory(read_at=timezone.now())
    response = client.post(NOTIFICATIONS_DELETE_URL, {"pk": notification.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert Notification.objects.filter(pk=notification.pk).exists()


# --- Notifications ------------------------------------------------------------


def test_sending_a_report_creates_the_first_notification_unread(citizen_client, citizen):
    citizen_client.post(CREATE_URL, report_data(CategoryFactory()))
    report = Report.objects.get()

    response = citizen_client.get(NOTIFICATIONS_URL)
    page = text(response)
    assert header_count(response) == 1
    assert f"đã được gửi thành công, mã {report.code}." in page
    assert '<span class="badge badge--new">Mới</span>' in page


def test_unread_count_is_shown_in_the_header_on_every_page(citizen_client, citizen):
    NotificationFactory.create_batch(2, recipient=citizen)
    NotificationFactory(recipient=citizen, read_at=timezone.now())
    NotificationFactory.create_batch(3)  # someone else's

    for url in ("/", NOTIFICATIONS_URL, MY_REPORTS_URL, DRAFTS_URL, CREATE_URL):
        assert header_count(citizen_client.get(url)) == 2, url


def test_no_count_without_unread_notifications(citizen_client, citizen):
    NotificationFactory(recipient=citizen, read_at=timezone.now())
    assert header_count(citizen_client.get("/")) is None


def test_notifications_are_listed_newest_first_with_delete_only_for_read_ones(
    citizen_client, citizen
):
    unread = NotificationFactory(recipient=citizen, message="Chưa xem")
    read = NotificationFactory(recipient=citizen, message="Đã xem", read_at=timezone.now())
    NotificationFactory(message="Của người khác")

    page = text(citizen_client.get(NOTIFICATIONS_URL))
    assert page.index("Đã xem") < page.index("Chưa xem")
    assert "Của người khác" not in page
    assert f'name="pk" value="{read.pk}"' in page
    assert f'name="pk" value="{unread.pk}"' not in page
    assert "Xoá tất cả thông báo đã xem" in page


def test_delete_all_read_is_offered_only_once_something_was_read(
    citizen_client, citizen, other_citizen
):
    unread = NotificationFactory(recipient=citizen)
    NotificationFactory(recipient=other_citizen, read_at=timezone.now())  # not theirs

    assert DELETE_ALL not in text(citizen_client.get(NOTIFICATIONS_URL))

    citizen_client.get(notification_open_url(unread.pk))
    with CaptureQueriesContext(connection) as queries:
        assert DELETE_ALL in text(citizen_client.get(NOTIFICATIONS_URL))
    # One query asks whether any read one exists; none counts them.
    (asked,) = [q["sql"] for q in queries if '"read_at" IS NOT NULL' in q["sql"]]
    assert "LIMIT 1" in asked and "COUNT" not in asked.upper()


def test_opening_marks_read_and_leads_to_the_report(citizen_client, citizen):
    report = ReportFactory(reporter=citizen, submitted=True)
    notification = NotificationFactory(recipient=citizen, report=report)
    NotificationFactory(recipient=citizen)
    assert header_count(citizen_client.get(NOTIFICATIONS_URL)) == 2

    response = citizen_client.get(notification_open_url(notification.pk))

    assert response.status_code == 302
    assert response["Location"] == detail_url(report.code)
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert citizen_client.get(response["Location"]).status_code == 200
    assert header_count(citizen_client.get(NOTIFICATIONS_URL)) == 1


def test_opening_again_keeps_the_first_reading_time(citizen_client, citizen):
    first_read = timezone.now() - timedelta(days=2)
    notification = NotificationFactory(
        recipient=citizen,
        report=ReportFactory(reporter=citizen, submitted=True),
        read_at=first_read,
    )
    citizen_client.get(notification_open_url(notification.pk))
    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_a_notification_without_report_leads_back_to_the_list(citizen_client, citizen):
    notification = NotificationFactory(recipient=citizen)
    response = citizen_client.get(notification_open_url(notification.pk))
    assert response["Location"] == NOTIFICATIONS_URL
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_is_404_and_stays_as_it_was(citizen_client, other_citizen):
    theirs = NotificationFactory(recipient=other_citizen)
    theirs_read = NotificationFactory(recipient=other_citizen, read_at=timezone.now())

    assert citizen_client.get(notification_open_url(theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None

    citizen_client.post(NOTIFICATIONS_DELETE_URL, {"pk": theirs_read.pk})
    citizen_client.post(NOTIFICATIONS_DELETE_URL)
    assert Notification.objects.filter(pk__in=[theirs.pk, theirs_read.pk]).count() == 2


def test_a_read_notification_can_be_deleted_alone(citizen_client, citizen):
    read = NotificationFactory.create_batch(2, recipient=citizen, read_at=timezone.now())
    response = citizen_client.post(NOTIFICATIONS_DELETE_URL, {"pk": read[0].pk}, follow=True)
    assert MSG_DELETED.format(count=1) in text(response)
    assert list(Notification.objects.filter(recipient=citizen)) == [read[1]]


def test_an_unread_notification_cannot_be_deleted(citizen_client, citizen):
    unread = NotificationFactory(recipient=citizen)
    response = citizen_client.post(NOTIFICATIONS_DELETE_URL, {"pk": unread.pk}, follow=True)
    assert MSG_DELETED.format(count=0) in text(response)
    assert Notification.objects.filter(pk=unread.pk).exists()


def test_delete_all_removes_only_the_users_read_ones(citizen_client, citizen, other_citizen):
    now = timezone.now()
    NotificationFactory.create_batch(3, recipient=citizen, read_at=now)
    unread = NotificationFactory(recipient=citizen)
    others = NotificationFactory(recipient=other_citizen, read_at=now)

    response = citizen_client.post(NOTIFICATIONS_DELETE_URL, follow=True)

    assert MSG_DELETED.format(count=3) in text(response)
    assert list(Notification.objects.order_by("pk")) == [unread, others]


@pytest.mark.parametrize("pk", ["abc", "-1", "1 OR 1=1", "99999999999999999999999"])
def test_bad_pk_deletes_nothing_and_never_fails(citizen_client, citizen, pk):
    read = NotificationFactory(recipient=citizen, read_at=timezone.now())
    response = citizen_client.post(NOTIFICATIONS_DELETE_URL, {"pk": pk})
    assert response.status_code == 302
    assert Notification.objects.filter(pk=read.pk).exists()


def test_delete_is_post_only(citizen_client, citizen):
    read = NotificationFactory(recipient=citizen, read_at=timezone.now())
    assert citizen_client.get(NOTIFICATIONS_DELETE_URL, {"pk": read.pk}).status_code == 405
    assert Notification.objects.filter(pk=read.pk).exists()

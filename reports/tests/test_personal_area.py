"""The personal area (SPEC 6, seed 2.3.1, 2.3.3, 2.3.4): notifications with the
unread count in the header, and "my reports" (every state but draft, newest
first, filters, pages of 10) in a number of queries that does not grow."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from reports.models import Notification, Report

from .factories import (
    AttachmentFactory,
    CategoryFactory,
    NotificationFactory,
    ReportFactory,
    WardFactory,
)
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
    thumbnail_url,
)

pytestmark = pytest.mark.django_db

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MSG_DELETED = "Đã xoá {count} thông báo đã xem."


def local(*args):
    return datetime(*args, tzinfo=VIETNAM)


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


def codes_on(response):
    return re.findall(r'<span class="code">(PA-\d{4}-\d{6})</span>', text(response))


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


# --- My reports ---------------------------------------------------------------

SENT_STATES = [status for status in Report.Status if status != Report.Status.DRAFT]


@pytest.fixture
def my_reports(citizen):
    """One report in each state after draft, sent a day apart (the last the newest),
    plus a draft and someone else's report."""
    reports = [
        ReportFactory(
            reporter=citizen,
            submitted=True,
            status=status,
            title=f"Phản ánh {status}",
            submitted_at=local(2026, 3, 1 + day, 9, 0),
        )
        for day, status in enumerate(SENT_STATES)
    ]
    ReportFactory(reporter=citizen, title="Nháp của tôi")
    ReportFactory(submitted=True, title="Phản ánh của người khác")
    return reports


def test_my_reports_lists_every_state_but_draft_newest_first(citizen_client, my_reports):
    response = citizen_client.get(MY_REPORTS_URL)
    assert response.status_code == 200
    assert codes_on(response) == [report.code for report in reversed(my_reports)]
    page = text(response)
    for status in SENT_STATES:
        assert f'<span class="badge badge--{status}">{status.label}</span>' in page
    assert "Nháp của tôi" not in page
    assert "Phản ánh của người khác" not in page


@pytest.mark.parametrize("status", SENT_STATES)
def test_filter_by_status(citizen_client, my_reports, status):
    response = citizen_client.get(MY_REPORTS_URL, {"status": status})
    assert codes_on(response) == [r.code for r in my_reports if r.status == status]


def test_filter_by_date_range(citizen_client, my_reports):
    # Sent on 1, 2, …, 7 March; from the 3rd to the 5th, both included.
    response = citizen_client.get(
        MY_REPORTS_URL, {"sent_from": "2026-03-03", "sent_to": "2026-03-05"}
    )
    assert codes_on(response) == [my_reports[4].code, my_reports[3].code, my_reports[2].code]

    response = citizen_client.get(MY_REPORTS_URL, {"sent_from": "2026-03-06"})
    assert codes_on(response) == [my_reports[6].code, my_reports[5].code]

    response = citizen_client.get(
        MY_REPORTS_URL, {"sent_to": "2026-03-01", "status": SENT_STATES[0]}
    )
    assert codes_on(response) == [my_reports[0].code]


def test_date_range_uses_the_day_in_vietnam(citizen_client, citizen):
    late_evening = ReportFactory(
        reporter=citizen, submitted=True, submitted_at=local(2026, 3, 4, 23, 30)
    )
    after_midnight = ReportFactory(
        reporter=citizen, submitted=True, submitted_at=local(2026, 3, 5, 0, 30)
    )  # still 4 March in UTC
    response = citizen_client.get(
        MY_REPORTS_URL, {"sent_from": "2026-03-04", "sent_to": "2026-03-04"}
    )
    assert codes_on(response) == [late_evening.code]
    response = citizen_client.get(MY_REPORTS_URL, {"sent_from": "2026-03-05"})
    assert codes_on(response) == [after_midnight.code]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "draft"},
        {"status": "<script>"},
        {"sent_from": "abc"},
        {"sent_to": "2026-02-30"},
        {"sent_from": "9999-99-99", "sent_to": "' OR 1=1 --"},
    ],
)
def test_bad_filters_never_fail(citizen_client, my_reports, query):
    response = citizen_client.get(MY_REPORTS_URL, query)
    assert response.status_code == 200
    assert "Nháp của tôi" not in text(response)


@pytest.fixture
def many_reports(citizen):
    base = local(2026, 1, 1, 8, 0)
    return [
        ReportFactory(reporter=citizen, submitted=True, submitted_at=base + timedelta(hours=n))
        for n in range(25)
    ]


def test_pages_of_ten(citizen_client, many_reports):
    newest_first = [report.code for report in reversed(many_reports)]

    first = citizen_client.get(MY_REPORTS_URL)
    assert codes_on(first) == newest_first[:10]
    assert "Trang 1/3" in text(first)
    assert 'href="?page=2" rel="next"' in text(first)
    assert codes_on(citizen_client.get(MY_REPORTS_URL, {"page": 2})) == newest_first[10:20]
    assert codes_on(citizen_client.get(MY_REPORTS_URL, {"page": 3})) == newest_first[20:]
    assert citizen_client.get(MY_REPORTS_URL, {"page": 4}).status_code == 404
    assert citizen_client.get(MY_REPORTS_URL, {"page": "abc"}).status_code == 404


def test_pages_keep_the_filters(citizen_client, many_reports):
    response = citizen_client.get(
        MY_REPORTS_URL, {"status": "submitted", "sent_from": "2026-01-01"}
    )
    assert 'href="?status=submitted&amp;sent_from=2026-01-01&amp;page=2"' in text(response)


def test_a_card_shows_what_seed_2_3_1_lists(citizen_client, citizen):
    category = CategoryFactory(name="Cấp thoát nước và ngập úng", icon="🌊")
    ward = WardFactory(name="Phường Đông Hà")
    words = [f"từ{n}" for n in range(40)]
    report = ReportFactory(
        reporter=citizen,
        submitted=True,
        status=Report.Status.RECEIVED,
        level=Report.Level.URGENT,
        category=category,
        ward=ward,
        address="Kiệt 5 Trần Hưng Đạo",
        title="Ngập sâu sau mưa lớn",
        content=" ".join(words),
        submitted_at=local(2026, 4, 2, 7, 45),
    )
    first_photo = AttachmentFactory(report=report, order=0)
    AttachmentFactory(report=report, order=1)
    AttachmentFactory(report=report, document=True)

    page = text(citizen_client.get(MY_REPORTS_URL))

    assert '<span class="chip">🌊 Cấp thoát nước và ngập úng</span>' in page
    assert '<span class="badge badge--urgent">Khẩn</span>' in page
    assert '<span class="badge badge--received">Đã tiếp nhận</span>' in page
    assert f'<img src="{thumbnail_url(first_photo)}"' in page
    assert page.count("<img ") == 1
    assert f'<a href="{detail_url(report.code)}">Ngập sâu sau mưa lớn</a>' in page
    shown = date_format(report.submitted_at.astimezone(VIETNAM), "SHORT_DATETIME_FORMAT")
    assert shown.startswith("07:45") and "2026" in shown
    assert f'<time datetime="2026-04-02T07:45:00+07:00">{shown}</time>' in page
    assert "từ0 từ1" in page and "từ29" in page and "từ35" not in page
    place = re.search(r'<p class="report-card__place">(.*?)</p>', page, re.S)
    assert place and place[1].endswith("Kiệt 5 Trần Hưng Đạo, Phường Đông Hà")
    assert f'<span class="code">{report.code}</span>' in page
    assert f'data-share-url="{detail_url(report.code)}"' in page
    assert ">Chia sẻ</button>" in page


def test_a_normal_report_has_no_urgent_badge(citizen_client, citizen):
    ReportFactory(reporter=citizen, submitted=True, urgent_requested=True)
    assert "badge--urgent" not in text(citizen_client.get(MY_REPORTS_URL))


def test_empty_list_invites_a_first_report(citizen_client):
    page = text(citizen_client.get(MY_REPORTS_URL))
    assert "Chưa có phản ánh nào." in page
    assert f'href="{CREATE_URL}">Gửi phản ánh đầu tiên</a>' in page


# --- Queries do not grow with the number of reports ----------------------------


def _reports_with_photos(citizen, count, **extra):
    for _ in range(count):
        report = ReportFactory(reporter=citizen, ward=WardFactory(), **extra)
        AttachmentFactory(report=report)
        AttachmentFactory(report=report)


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize(
    ("url", "extra"),
    [(MY_REPORTS_URL, {"submitted": True}), (DRAFTS_URL, {})],
    ids=["my-reports", "drafts"],
)
def test_list_queries_do_not_grow_with_the_number_of_reports(citizen_client, citizen, url, extra):
    _reports_with_photos(citizen, 2, **extra)
    few, response = _queries_for(citizen_client, url)
    assert text(response).count('class="report-card"') == 2

    _reports_with_photos(citizen, 23, **extra)
    many, response = _queries_for(citizen_client, url)
    assert text(response).count('class="report-card"') == 10
    assert text(response).count("/thu-nho/") == 10

    assert many == few

"""The personal area's "my reports" (README §6, seed 2.3.1): every state but
draft, newest first, the status and date filters (the day in Vietnam), pages of
10, what a card shows, and a number of queries that does not grow with the
reports (the drafts list too)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.formats import date_format

from reports.models import Report

from .factories import AttachmentFactory, CategoryFactory, ReportFactory, WardFactory
from .helpers import CREATE_URL, DRAFTS_URL, MY_REPORTS_URL, detail_url, text, thumbnail_url

pytestmark = pytest.mark.django_db

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args):
    return datetime(*args, tzinfo=VIETNAM)


def codes_on(response):
    return re.findall(r'<span class="code">(PA-\d{4}-\d{6})</span>', text(response))


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
    # Past the end is the last page (issue 14, defect 9).
    assert codes_on(citizen_client.get(MY_REPORTS_URL, {"page": 4})) == newest_first[20:]
    assert citizen_client.get(MY_REPORTS_URL, {"page": "abc"}).status_code == 404


def test_pages_keep_the_filters(citizen_client, many_reports):
    response = citizen_client.get(
        MY_REPORTS_URL, {"status": "submitted", "sent_from": "2026-01-01"}
    )
    assert 'href="?status=submitted&amp;sent_from=2026-01-01&amp;page=2"' in text(response)


def test_a_card_shows_what_seed_2_3_1_lists(citizen_client, citizen):
    category = CategoryFactory(name="Cấp thoát nước và ngập úng", icon="flood")
    ward = WardFactory(name="Phường Đông Hà")
    words = [f"từ{n}" for n in range(40)]
    report = ReportFactory(
        reporter=citizen,
        submitted=True,
        status=Report.Status.RECEIVED,
        is_public=True,  # a public one: its card offers "Chia sẻ"
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

    assert '#cat-flood"></use></svg> Cấp thoát nước và ngập úng</span>' in page
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

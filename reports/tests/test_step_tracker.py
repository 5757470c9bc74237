"""The report page's step tracker (issue 14): the workflow's public steps as an
ordered list, done steps ticked, the current one marked aria-current="step",
the end of a refused report instead of the steps it never reached; the
deadline under it in words; and a timeline whose entries say what happened."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from reports.models import Report, ReportEvent
from reports.progress import CURRENT, DONE, ENDED, TODO, report_progress

from .factories import AgencyFactory, report_in_state
from .helpers import detail_url, text

pytestmark = pytest.mark.django_db

S = Report.Status
VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Wednesday 2 December 2026, 14:00; never the real clock.
NOW = datetime(2026, 12, 2, 14, tzinfo=VN)
STEPS = ["Đã gửi", "Đã tiếp nhận", "Đang xử lý", "Đã có kết quả"]


def states(progress):
    return [(step.label, step.state) for step in progress.steps]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (S.SUBMITTED, [CURRENT, TODO, TODO, TODO]),
        (S.RECEIVED, [DONE, CURRENT, TODO, TODO]),
        (S.FORWARDED, [DONE, DONE, CURRENT, TODO]),
        (S.IN_PROGRESS, [DONE, DONE, CURRENT, TODO]),
        (S.RESOLVED, [DONE, DONE, DONE, CURRENT]),
        (S.PUBLISHED, [DONE, DONE, DONE, DONE]),
    ],
)
def test_the_steps_of_each_state(status, expected):
    progress = report_progress(report_in_state(status), now=NOW)
    assert states(progress) == list(zip(STEPS, expected, strict=True))
    assert not progress.refused
    assert [step.is_current for step in progress.steps] == [s == CURRENT for s in expected]


def test_the_agency_and_what_is_awaited():
    agency = AgencyFactory(name="Sở Xây dựng")
    forwarded = report_progress(report_in_state(S.FORWARDED, lead_agency=agency), now=NOW)
    assert forwarded.steps[2].detail == "Sở Xây dựng"
    assert report_progress(report_in_state(S.SUBMITTED), now=NOW).steps[0].detail == (
        "Chờ Trung tâm IOC tiếp nhận"
    )
    resolved = report_progress(report_in_state(S.RESOLVED, lead_agency=agency), now=NOW)
    assert resolved.steps[3].detail == "Chờ Trung tâm IOC đăng tải"
    # Answered by the IOC itself: no agency.
    answered_directly = report_in_state(S.RESOLVED)
    answered_directly.lead_agency = None
    assert report_progress(answered_directly, now=NOW).steps[2].detail == "Trung tâm IOC"


def test_a_refused_report_shows_its_end_instead_of_the_steps_it_never_reached():
    unreceived = report_progress(report_in_state(S.REJECTED), now=NOW)
    assert unreceived.refused
    assert states(unreceived) == [("Đã gửi", DONE), ("Không được tiếp nhận", ENDED)]
    assert unreceived.steps[-1].detail == "Tin rác, quảng cáo"
    assert unreceived.steps[-1].is_current
    received = report_in_state(S.REJECTED, received_at=NOW, rejection_reason="out_of_scope")
    assert states(report_progress(received, now=NOW)) == [
        ("Đã gửi", DONE),
        ("Đã tiếp nhận", DONE),
        ("Không được tiếp nhận", ENDED),
    ]
    duplicate = report_in_state(
        S.REJECTED,
        rejection_reason=Report.RejectionReason.DUPLICATE,
        duplicate_of=report_in_state(S.PUBLISHED, is_public=True),
    )
    assert states(report_progress(duplicate, now=NOW))[-1] == ("Trùng với phản ánh khác", ENDED)


# --- The deadline under it -------------------------------------------------------


def test_the_deadline_in_words_while_it_runs():
    report = report_in_state(S.IN_PROGRESS, deadline=datetime(2026, 12, 2, 17, tzinfo=VN))
    deadline = report_progress(report, now=NOW).deadline
    assert (deadline.label, deadline.when, deadline.left) == (
        "Hạn xử lý",
        "trước 17:00 hôm nay",
        "còn 3 giờ làm việc",
    )
    late = report_in_state(S.FORWARDED, deadline=datetime(2026, 11, 30, 17, tzinfo=VN))
    deadline = report_progress(late, now=NOW).deadline
    # Monday 17:00 to Wednesday 14:00: Tuesday and 5 hours of Wednesday.
    assert (deadline.when, deadline.left) == ("17:00 thứ Hai 30/11", "quá hạn 1 ngày làm việc")


def test_the_receipt_deadline_is_the_iocs():
    report = report_in_state(S.SUBMITTED, deadline=datetime(2026, 12, 3, 9, 30, tzinfo=VN))
    deadline = report_progress(report, now=NOW).deadline
    # 14:00-17:00 today and 07:30-09:30 tomorrow.
    assert (deadline.label, deadline.when, deadline.left) == (
        "Hạn tiếp nhận",
        "trước 09:30 ngày mai",
        "còn 5 giờ làm việc",
    )


def test_an_answered_report_keeps_its_date_without_a_count():
    report = report_in_state(S.PUBLISHED, deadline=datetime(2026, 12, 4, 17, tzinfo=VN))
    deadline = report_progress(report, now=NOW).deadline
    assert (deadline.when, deadline.left) == ("trước 17:00 thứ Sáu 04/12", "")


def test_no_deadline_where_the_report_shows_none():
    refused = report_in_state(S.REJECTED)
    assert refused.deadline is not None and not refused.shows_deadline
    assert report_progress(refused, now=NOW).deadline is None
    assert report_progress(report_in_state(S.RECEIVED, deadline=None), now=NOW).deadline is None


# --- On the page -------------------------------------------------------------------


def tracker_of(page: str) -> str:
    return re.search(r'<ol class="tracker__steps">(.*?)</ol>', page, re.S)[1]


def test_the_page_shows_the_tracker_as_an_ordered_list(citizen_client, citizen):
    agency = AgencyFactory(name="Sở Giao thông vận tải")
    report = report_in_state(S.IN_PROGRESS, reporter=citizen, lead_agency=agency)
    tracker = tracker_of(text(citizen_client.get(detail_url(report.code))))
    items = re.findall(r"<li class=\"tracker__step tracker__step--(\w+)\"([^>]*)>", tracker)
    assert [state for state, _ in items] == [DONE, DONE, CURRENT, TODO]
    assert [attrs.strip() for _, attrs in items] == ["", "", 'aria-current="step"', ""]
    assert tracker.count("✓") == 2
    assert "Sở Giao thông vận tải" in tracker
    assert tracker.count("(đã xong)") == 2 and tracker.count("(bước hiện tại)") == 1


def test_the_page_shows_the_deadline_under_the_tracker(citizen_client, citizen):
    report = report_in_state(S.FORWARDED, reporter=citizen)
    page = text(citizen_client.get(detail_url(report.code)))
    assert re.search(r'class="tracker__deadline-label">Hạn xử lý:</span>\s*<time datetime=', page)
    assert 'class="badge badge--on-time">' in page


def test_a_refused_page_has_no_deadline_and_ends_with_the_refusal(citizen_client, citizen):
    report = report_in_state(S.REJECTED, reporter=citizen)
    page = text(citizen_client.get(detail_url(report.code)))
    tracker = tracker_of(page)
    assert "Đang xử lý" not in tracker
    assert re.search(r'tracker__step--ended" aria-current="step">', tracker)
    assert "Không được tiếp nhận" in tracker and "Tin rác, quảng cáo" in tracker
    assert "tracker__deadline" not in page


# --- The timeline says what happened ------------------------------------------------


@pytest.mark.parametrize(
    ("from_status", "to_status", "headline"),
    [
        ("", S.SUBMITTED, "Đã gửi"),
        (S.SUBMITTED, S.RECEIVED, "Đã tiếp nhận"),
        (S.SUBMITTED, S.REJECTED, "Không được tiếp nhận"),
        (S.RECEIVED, S.FORWARDED, "Đã chuyển đến cơ quan xử lý"),
        (S.FORWARDED, S.IN_PROGRESS, "Đang xử lý"),
        (S.IN_PROGRESS, S.RESOLVED, "Đã có kết quả"),
        (S.RESOLVED, S.PUBLISHED, "Đã đăng tải kết quả"),
        (S.FORWARDED, S.RECEIVED, "Trở lại Trung tâm IOC để điều phối lại"),
        (S.RESOLVED, S.IN_PROGRESS, "Yêu cầu xử lý bổ sung"),
    ],
)
def test_each_change_of_state_says_what_happened(from_status, to_status, headline):
    event = ReportEvent(from_status=from_status, to_status=to_status)
    assert event.headline == headline


def test_other_entries_say_what_they_are():
    event = ReportEvent(kind=ReportEvent.Kind.PROGRESS, from_status=S.IN_PROGRESS)
    assert event.headline == "Ghi chú tiến độ"


def test_the_timeline_never_repeats_the_generic_kind(client):
    report = report_in_state(S.PUBLISHED, is_public=True)
    for from_status, to_status in [(S.SUBMITTED, S.RECEIVED), (S.RECEIVED, S.FORWARDED)]:
        ReportEvent.objects.create(report=report, from_status=from_status, to_status=to_status)
    page = text(client.get(detail_url(report.code)))
    timeline = page.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "Chuyển trạng thái" not in page
    assert "<strong>Đã tiếp nhận</strong>" in timeline
    assert "<strong>Đã chuyển đến cơ quan xử lý</strong>" in timeline

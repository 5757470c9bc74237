"""The report detail page (seed 2.2.2, issue 5): who sees it in every state,
what it shows (the reporter's name unless hidden, never the phone; media; the
deadline; the public timeline; the answer once published) and its query count.
The share tags are in test_report_share_tags.py."""

import html
import re
from datetime import timedelta

import phonenumbers
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reports.models import PUBLIC_STATUSES, Attachment, Report, ReportEvent

from .factories import (
    AgencyFactory,
    AgencyMembershipFactory,
    AttachmentFactory,
    IocOperatorFactory,
    iso_media,
    report_in_state,
)
from .helpers import attachment_url, detail_url, text, thumbnail_url

pytestmark = pytest.mark.django_db

S = Report.Status
HIDDEN_NAME = "Người dân (ẩn tên)"
REPORTER_NAME = "Nguyễn Văn Ẩn Danh"
ANSWER = "Đã vá ổ gà, mặt đường thông thoáng."

# --- Who sees the page: every state after the draft, public or not, each role ---

SENT_STATES = [status for status in S.values if status != S.DRAFT]
ROLES = ["visitor", "reporter", "other_citizen", "ioc_staff", "lead_officer"]


def expected_visible(role: str, status: str, is_public: bool) -> bool:
    public = is_public and status in PUBLIC_STATUSES
    if role in ("reporter", "ioc_staff"):
        return True
    if role == "lead_officer":  # the agency holds the report from forwarding on
        return public or status in (S.FORWARDED, S.IN_PROGRESS, S.RESOLVED, S.PUBLISHED)
    return public


@pytest.fixture
def lead_agency(db):
    return AgencyFactory(name="Sở Giao thông vận tải")


@pytest.fixture
def people(db, lead_agency):
    return {
        "visitor": None,
        "reporter": UserFactory(full_name=REPORTER_NAME),
        "other_citizen": UserFactory(full_name="Lê Thị Bích"),
        # Not a superuser: an IOC operator through the reports.view_report permission.
        "ioc_staff": IocOperatorFactory(),
        "lead_officer": AgencyMembershipFactory(
            agency=lead_agency, user__full_name="Cán bộ Sở Giao thông"
        ).user,
    }


def as_role(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("is_public", [True, False], ids=["public", "not-public"])
@pytest.mark.parametrize("status", SENT_STATES)
def test_who_sees_the_detail_page(client, people, lead_agency, role, status, is_public):
    report = report_in_state(
        status, reporter=people["reporter"], is_public=is_public, lead_agency=lead_agency
    )
    response = as_role(client, people, role).get(detail_url(report.code))
    if expected_visible(role, status, is_public):
        assert response.status_code == 200
        assert report.code in text(response)
    else:
        assert response.status_code == 404
        assert report.title not in text(response)


def test_an_unknown_code_is_404(client):
    assert client.get(detail_url("PA-2026-999999")).status_code == 404


def test_the_stable_link_is_the_code(client, people):
    report = report_in_state(S.PUBLISHED, reporter=people["reporter"], is_public=True)
    assert report.get_absolute_url() == f"/phan-anh/{report.code}/"


# --- The reporter: name unless hidden, never the phone --------------------------


def phone_forms(user) -> list[str]:
    number = phonenumbers.parse(str(user.phone))
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return [
        str(user.phone),  # E.164: +849130...
        national,  # 091 300 01 23
        re.sub(r"\D", "", national),  # 0913000123
        international,
        str(user.phone).lstrip("+"),  # 849130...
    ]


@pytest.mark.parametrize("role", ROLES)
def test_the_phone_number_never_appears(client, people, lead_agency, role):
    report = report_in_state(
        S.PUBLISHED, reporter=people["reporter"], is_public=True, lead_agency=lead_agency
    )
    body = text(as_role(client, people, role).get(detail_url(report.code)))
    assert REPORTER_NAME in body
    for form in phone_forms(people["reporter"]):
        assert form not in body, form


@pytest.mark.parametrize("role", ["visitor", "other_citizen", "ioc_staff", "lead_officer"])
def test_a_hidden_name_is_hidden_from_everyone_else(client, people, lead_agency, role):
    report = report_in_state(
        S.PUBLISHED,
        reporter=people["reporter"],
        is_public=True,
        hide_name=True,
        lead_agency=lead_agency,
    )
    body = text(as_role(client, people, role).get(detail_url(report.code)))
    assert HIDDEN_NAME in body
    assert REPORTER_NAME not in body


def test_the_reporter_still_sees_their_own_hidden_name(client, people):
    report = report_in_state(
        S.PUBLISHED, reporter=people["reporter"], is_public=True, hide_name=True
    )
    client.force_login(people["reporter"])
    body = text(client.get(detail_url(report.code)))
    assert REPORTER_NAME in body
    assert HIDDEN_NAME not in body


def test_a_name_that_is_not_hidden_is_shown(client, people):
    report = report_in_state(S.PUBLISHED, reporter=people["reporter"], is_public=True)
    body = text(client.get(detail_url(report.code)))
    assert REPORTER_NAME in body
    assert HIDDEN_NAME not in body


# --- What the page shows ---------------------------------------------------------


def test_status_level_category_place_and_content(client, people):
    report = report_in_state(
        S.IN_PROGRESS,
        reporter=people["reporter"],
        is_public=True,
        level=Report.Level.URGENT,
        latitude="16.816700",
        longitude="107.100000",
    )
    body = text(client.get(detail_url(report.code)))
    assert 'class="badge badge--in_progress">Đang xử lý<' in body
    assert 'class="badge badge--urgent">Khẩn<' in body
    assert report.category.name in body
    assert html.escape(report.address) in body
    assert html.escape(report.content) in body
    # Coordinates with a dot whatever the language: the map must read them.
    assert 'data-lat="16.816700" data-lon="107.100000"' in body
    assert 'id="detail-map"' in body


def test_photos_open_full_size_videos_play_and_files_download(client, people):
    report = report_in_state(S.PUBLISHED, reporter=people["reporter"], is_public=True)
    photo = AttachmentFactory(report=report)
    video = AttachmentFactory(
        report=report,
        kind=Attachment.Kind.VIDEO,
        file__filename="upload.mp4",
        file__data=iso_media(b"isom"),
        content_type="video/mp4",
        original_name="clip.mp4",
    )
    document = AttachmentFactory(report=report, document=True)
    body = text(client.get(detail_url(report.code)))
    assert f'<a href="{attachment_url(photo)}"><img src="{thumbnail_url(photo)}"' in body
    assert re.search(rf'<video controls[^>]*src="{attachment_url(video)}"', body)
    assert f'<a href="{attachment_url(document)}" download>Biên bản hiện trường.pdf</a>' in body


def test_the_deadline_and_whether_it_is_overdue(client, people):
    late = report_in_state(
        S.IN_PROGRESS,
        reporter=people["reporter"],
        is_public=True,
        deadline=timezone.now() - timedelta(hours=3),
    )
    on_time = report_in_state(
        S.IN_PROGRESS,
        reporter=people["reporter"],
        is_public=True,
        deadline=timezone.now() + timedelta(days=3),
    )
    late_body = text(client.get(detail_url(late.code)))
    assert "Hạn xử lý" in late_body
    assert 'class="badge badge--overdue">Quá hạn<' in late_body
    on_time_body = text(client.get(detail_url(on_time.code)))
    assert "Hạn xử lý" in on_time_body
    assert "badge--overdue" not in on_time_body
    assert 'class="badge badge--on-time">' in on_time_body  # its words: test_deadline_text


def _event(report, **fields):
    values = {"to_status": report.status, "kind": ReportEvent.Kind.TRANSITION} | fields
    return ReportEvent.objects.create(report=report, **values)


@pytest.mark.parametrize(
    ("role", "sees_internal"),
    [
        ("visitor", False),
        ("reporter", False),
        ("other_citizen", False),
        ("lead_officer", False),
        ("ioc_staff", True),
    ],
)
def test_the_timeline_is_public_for_everyone_and_whole_for_ioc_staff(
    client, people, lead_agency, role, sees_internal
):
    report = report_in_state(
        S.IN_PROGRESS, reporter=people["reporter"], is_public=True, lead_agency=lead_agency
    )
    _event(report, from_status=S.SUBMITTED, to_status=S.RECEIVED, note="Đã xác minh hiện trường.")
    _event(
        report,
        kind=ReportEvent.Kind.PROGRESS,
        agency=lead_agency,
        note="Đội duy tu đã khảo sát, dự kiến vá trong tuần.",
    )
    _event(
        report,
        kind=ReportEvent.Kind.OPINION,
        is_public=False,
        note="Ý kiến nội bộ của đơn vị phối hợp.",
    )
    body = text(as_role(client, people, role).get(detail_url(report.code)))
    assert "Đã xác minh hiện trường." in body
    assert "Đội duy tu đã khảo sát, dự kiến vá trong tuần." in body
    # What happened (never the generic "Chuyển trạng thái"), kind labels and the agency.
    assert "Chuyển trạng thái" not in body
    assert "<strong>Đã tiếp nhận</strong>" in body
    assert "Ghi chú tiến độ" in body
    assert lead_agency.name in body
    assert ("Ý kiến nội bộ của đơn vị phối hợp." in body) is sees_internal
    assert ("Ý kiến phối hợp" in body) is sees_internal


# --- The answer: only once published, with its own files ---------------------------


def _with_answer_files(report):
    citizen_photo = AttachmentFactory(report=report, original_name="truoc.jpg")
    answer_photo = AttachmentFactory(report=report, is_answer=True, original_name="sau.jpg")
    answer_file = AttachmentFactory(
        report=report, document=True, is_answer=True, original_name="Biên bản nghiệm thu.pdf"
    )
    return citizen_photo, answer_photo, answer_file


def _section(body, element_id):
    match = re.search(rf'<section[^>]*aria-labelledby="{element_id}">(.*?)</section>', body, re.S)
    return match[1] if match else ""


@pytest.mark.parametrize("role", ["reporter", "ioc_staff", "lead_officer"])
@pytest.mark.parametrize("status", [S.IN_PROGRESS, S.RESOLVED])
def test_no_answer_before_it_is_published(client, people, lead_agency, role, status):
    report = report_in_state(
        status,
        reporter=people["reporter"],
        is_public=True,
        lead_agency=lead_agency,
        answer=ANSWER,
    )
    citizen_photo, answer_photo, answer_file = _with_answer_files(report)
    body = text(as_role(client, people, role).get(detail_url(report.code)))
    assert ANSWER not in body
    assert "Kết quả xử lý" not in body
    assert attachment_url(citizen_photo) in body
    assert str(answer_photo.public_id) not in body
    assert str(answer_file.public_id) not in body


@pytest.mark.parametrize("role", ["visitor", "reporter"])
def test_the_published_answer_with_its_files_apart_from_the_citizens(client, people, role):
    report = report_in_state(
        S.PUBLISHED, reporter=people["reporter"], is_public=True, answer=ANSWER
    )
    citizen_photo, answer_photo, answer_file = _with_answer_files(report)
    body = text(as_role(client, people, role).get(detail_url(report.code)))
    answer_section = _section(body, "answer-title")
    media_section = _section(body, "media-title")
    assert ANSWER in answer_section
    assert attachment_url(answer_photo) in answer_section
    assert attachment_url(answer_file) in answer_section
    # The citizen's photo is in the answer only as its "Trước" (test_answer_photos_page.py).
    after = answer_section.index("before-after__side--after")
    assert attachment_url(citizen_photo) in answer_section[:after]
    assert attachment_url(citizen_photo) not in answer_section[after:]
    assert attachment_url(citizen_photo) in media_section
    assert str(answer_photo.public_id) not in media_section
    assert str(answer_file.public_id) not in media_section


# --- Query count: fixed, whatever the number of files and history entries ---------


def _queries_for(client, report) -> int:
    cache.clear()  # count the page's rendering, not the visitors' page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail_url(report.code))
    assert response.status_code == 200
    return len(queries)


def _filled(people, lead_agency, count):
    report = report_in_state(
        S.PUBLISHED, reporter=people["reporter"], is_public=True, lead_agency=lead_agency
    )
    for number in range(count):
        AttachmentFactory(report=report, order=number)
        AttachmentFactory(report=report, is_answer=True, order=number)
        _event(report, agency=lead_agency, note=f"Bước {number}", actor=people["ioc_staff"])
    return report


@pytest.mark.parametrize("role", ["visitor", "reporter", "ioc_staff"])
def test_the_query_count_does_not_grow_with_files_and_history(client, people, lead_agency, role):
    small = _filled(people, lead_agency, 2)
    large = _filled(people, lead_agency, 20)
    client = as_role(client, people, role)
    _queries_for(client, small)  # warm the per-request caches alike
    assert _queries_for(client, large) == _queries_for(client, small)

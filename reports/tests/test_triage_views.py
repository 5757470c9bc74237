"""The triage dashboard (/xu-ly/) through HTTP: the queue's tabs, filters,
order, badges and query count; the report page (what it shows and never
shows); each action with its history entry, its form errors in Vietnamese and
the workflow's refusals as messages."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from reports import workflow
from reports.models import Attachment, ExtensionRequest, Report, ReportEvent

from .factories import (
    AttachmentFactory,
    CategoryFactory,
    ExtensionRequestFactory,
    pdf_bytes,
    upload,
)
from .helpers import MSG_REQUIRED, field_errors, jpeg_upload, stored_files, text
from .triage_world import (
    MSG_HIDDEN_NAME,
    QUEUE_URL,
    WRONG_STATE,
    action_url,
    build_world,
    report_url,
)

pytestmark = pytest.mark.django_db

S = Report.Status
Kind = ReportEvent.Kind


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def officer(client, world):
    client.force_login(world.officer_a)
    return client


def codes(response) -> list[str]:
    """The report codes of the queue's rows, in order."""
    return re.findall(r'<a href="/xu-ly/(PA-\d{4}-\d{6})/\?', text(response))


def shown(dt) -> str:
    return date_format(timezone.localtime(dt), "SHORT_DATETIME_FORMAT")


def messages_in(response) -> list[str]:
    return re.findall(r'<p class="message message--\w+">(.*?)</p>', text(response), re.S)


# --- The queue -------------------------------------------------------------------------------


def test_the_tabs_split_the_agency_reports(officer, world):
    now = timezone.now()
    new = world.report(S.FORWARDED)
    working = world.report(S.IN_PROGRESS)
    late = world.report(S.IN_PROGRESS, deadline=now - timedelta(hours=3))
    late_new = world.report(S.FORWARDED, deadline=now - timedelta(hours=1))
    resolved = world.report(S.RESOLVED)
    published = world.report(S.PUBLISHED)
    co_only = world.report(S.IN_PROGRESS, lead_agency=world.agency_b, co_agencies=[world.agency_a])
    world.elsewhere(S.FORWARDED)
    world.report(S.RECEIVED, lead_agency=None, co_agencies=())  # returned to the IOC

    assert codes(officer.get(QUEUE_URL)) == [late_new.code, new.code]
    assert codes(officer.get(QUEUE_URL + "?tab=moi")) == [late_new.code, new.code]
    assert set(codes(officer.get(QUEUE_URL + "?tab=dang-xu-ly"))) == {
        working.code,
        late.code,
        co_only.code,
    }
    assert codes(officer.get(QUEUE_URL + "?tab=qua-han")) == [late.code, late_new.code]
    assert set(codes(officer.get(QUEUE_URL + "?tab=da-tra-loi"))) == {
        resolved.code,
        published.code,
    }
    # Counts in the tabs, before any filter.
    page = text(officer.get(QUEUE_URL))
    counts = re.findall(r'<span class="triage-tabs__count">(\d+)</span>', page)
    assert counts == ["2", "3", "2", "2"]


def test_the_co_agency_sees_its_reports_marked_as_co_processing(client, world):
    report = world.report(S.IN_PROGRESS)
    client.force_login(world.officer_c)
    response = client.get(QUEUE_URL + "?tab=dang-xu-ly")
    assert codes(response) == [report.code]
    assert '<span class="chip">Phối hợp</span>' in text(response)
    client.force_login(world.officer_a)
    assert '<span class="chip">Chủ trì</span>' in text(client.get(QUEUE_URL + "?tab=dang-xu-ly"))


def test_the_monitor_sees_the_reports_of_their_wards_read_only(client, world):
    ours = world.report(S.FORWARDED)
    other_agency = world.report(S.FORWARDED, lead_agency=world.agency_b, co_agencies=())
    world.elsewhere(S.FORWARDED)
    client.force_login(world.monitor)
    response = client.get(QUEUE_URL)
    assert set(codes(response)) == {ours.code, other_agency.code}
    page = text(response)
    assert "Theo dõi địa bàn · chỉ xem" in page
    assert "Chủ trì" not in page


def test_sorted_by_deadline_soonest_first_without_deadline_last(officer, world):
    now = timezone.now()
    later = world.report(deadline=now + timedelta(days=9))
    none = world.report(deadline=None)
    soon = world.report(deadline=now + timedelta(hours=2))
    past = world.report(deadline=now - timedelta(days=1))
    assert codes(officer.get(QUEUE_URL)) == [past.code, soon.code, later.code, none.code]


def test_every_row_shows_its_deadline_and_the_overdue_badge_with_text(officer, world):
    now = timezone.now()
    late = world.report(deadline=now - timedelta(hours=5))
    on_time = world.report(deadline=now + timedelta(days=3))
    without = world.report(deadline=None)
    page = text(officer.get(QUEUE_URL))
    rows = re.findall(r'<li class="triage-row[^"]*">(.*?)</li>', page, re.S)
    assert len(rows) == 3
    by_code = {re.search(r"PA-\d{4}-\d{6}", row)[0]: row for row in rows}
    assert '<span class="badge badge--overdue">Quá hạn</span>' in by_code[late.code]
    assert shown(late.deadline) in by_code[late.code]
    assert "Quá hạn" not in by_code[on_time.code]
    assert shown(on_time.deadline) in by_code[on_time.code]
    assert "Chưa có hạn" in by_code[without.code]
    assert all("Hạn xử lý" in row for row in rows)


def test_filters(officer, world):
    now = timezone.now()
    roads = CategoryFactory(name="Giao thông")
    light = CategoryFactory(name="Chiếu sáng")
    a = world.report(category=roads, level=Report.Level.URGENT)
    b = world.report(category=light, ward=world.ward_out, deadline=now - timedelta(hours=1))
    c = world.report(category=roads, submitted_at=now - timedelta(days=10))
    tab = QUEUE_URL + "?tab=moi&"

    def found(query):
        return set(codes(officer.get(tab + query)))

    assert found(f"category={roads.pk}") == {a.code, c.code}
    assert found("level=urgent") == {a.code}
    assert found(f"ward={world.ward_out.pk}") == {b.code}
    assert found("overdue=yes") == {b.code}
    assert found("overdue=no") == {a.code, c.code}
    assert found("status=forwarded") == {a.code, b.code, c.code}
    assert found("status=in_progress") == set()
    day = timezone.localdate(now - timedelta(days=10)).isoformat()
    assert found(f"sent_from={day}&sent_to={day}") == {c.code}
    # The day a and b were sent, which just after midnight is yesterday.
    recent = timezone.localdate(a.submitted_at).isoformat()
    assert found(f"sent_from={recent}") == {a.code, b.code}
    # Bad input is ignored or reported on the form, never a 500.
    response = officer.get(tab + "sent_from=31/02/2026&level=x&ward=abc")
    assert response.status_code == 200


def test_pages_of_twenty(officer, world):
    start = timezone.now() + timedelta(days=1)
    reports = [world.report(deadline=start + timedelta(hours=n)) for n in range(21)]
    first = officer.get(QUEUE_URL)
    assert len(codes(first)) == 20
    assert "Trang 1/2" in text(first)
    second = officer.get(QUEUE_URL + "?page=2")
    assert codes(second) == [reports[-1].code]
    assert 'rel="prev"' in text(second)


def count_queries(client, url) -> int:
    """Of a session already at work: its first request also checks, once, that
    the officer has set up an authenticator app (the profile page is not cached,
    so the page measured is not served from the per-user cache)."""
    client.get("/tai-khoan/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("tab", ["moi", "qua-han"])
def test_the_query_count_does_not_grow_with_the_rows(officer, world, tab):
    deadline = timezone.now() - timedelta(hours=1)
    for _ in range(5):
        world.report(deadline=deadline, category=CategoryFactory(), ward=world.ward_in)
    url = f"{QUEUE_URL}?tab={tab}"
    few = count_queries(officer, url)
    for _ in range(25):
        world.report(deadline=deadline, category=CategoryFactory(), ward=world.ward_out)
    many = count_queries(officer, url)
    assert len(codes(officer.get(url))) == 20
    assert few == many


def test_the_query_count_of_the_monitor_queue_does_not_grow(client, world):
    client.force_login(world.monitor)
    for _ in range(5):
        world.report(category=CategoryFactory())
    few = count_queries(client, QUEUE_URL)
    for _ in range(25):
        world.report(category=CategoryFactory())
    assert count_queries(client, QUEUE_URL) == few


# --- The report page ---------------------------------------------------------------------------


def test_the_report_page_shows_what_the_agency_needs(officer, world):
    now = timezone.now()
    report = world.report(
        S.IN_PROGRESS,
        deadline=now - timedelta(hours=2),
        level=Report.Level.URGENT,
        latitude="16.816700",
        longitude="107.100000",
        content="Nước ngập sâu 40 cm trước số 12.",
    )
    photo = AttachmentFactory(report=report)
    document = AttachmentFactory(report=report, document=True)
    ReportEvent.objects.create(
        report=report, actor=world.officer_c, kind=Kind.OPINION, agency=world.agency_c,
        note="Điện lực đề nghị cắt điện trước khi thi công.", is_public=False,
        from_status=S.IN_PROGRESS, to_status=S.IN_PROGRESS,
    )  # fmt: skip
    ReportEvent.objects.create(
        report=report, actor=world.officer_a, kind=Kind.PROGRESS, agency=world.agency_a,
        note="Ghi chú nội bộ của Sở.", is_public=False,
        from_status=S.IN_PROGRESS, to_status=S.IN_PROGRESS,
    )  # fmt: skip
    extension = ExtensionRequestFactory(
        report=report,
        requested_by=world.leader_a,
        new_deadline=now + timedelta(days=4),
        reason="Chờ vật tư.",
    )

    response = officer.get(report_url(report.code))
    page = text(response)
    assert response.status_code == 200
    assert '<span class="badge badge--in_progress">Đang xử lý</span>' in page
    assert '<span class="badge badge--urgent">Khẩn</span>' in page
    assert '<span class="badge badge--overdue">Quá hạn</span>' in page
    assert shown(report.deadline) in page
    assert report.category.name in page
    assert "Nước ngập sâu 40 cm trước số 12." in page
    assert 'id="detail-map-wrap"' in page and 'data-lat="16.816700"' in page
    assert "triage-map" in page
    assert f"/tep/{photo.public_id}/thu-nho/" in page
    assert f"/tep/{document.public_id}/" in page
    # The whole history, the internal entries included, with kind, agency and actor.
    assert "Ý kiến phối hợp" in page and "Ghi chú tiến độ" in page
    assert "Ghi chú nội bộ của Sở." in page
    assert "Nội bộ" in page
    assert "Cán bộ Điện lực" in page and world.agency_c.name in page
    # The co-agency's opinion, for the lead agency.
    assert "Ý kiến của đơn vị phối hợp" in page
    assert "Điện lực đề nghị cắt điện trước khi thi công." in page
    # The pending extension request.
    assert "Đề nghị gia hạn chờ duyệt" in page
    assert shown(extension.new_deadline) in page and "Chờ vật tư." in page


def test_the_answer_and_its_files_are_shown_apart_from_the_citizens(officer, world):
    report = world.report(S.RESOLVED, answer="Đã thay bóng đèn mới.")
    citizens = AttachmentFactory(report=report)
    answers = AttachmentFactory(report=report, is_answer=True, document=True)
    page = text(officer.get(report_url(report.code)))
    answer_section = page[page.index("Kết quả trả lời") :]
    assert "Đã thay bóng đèn mới." in answer_section
    assert f"/tep/{answers.public_id}/" in answer_section
    assert f"/tep/{citizens.public_id}/" not in answer_section


def phone_forms(user) -> list[str]:
    """Every way a phone number could be printed: E.164, national, digits only."""
    e164 = str(user.phone)  # +84913000001
    national = "0" + e164[3:]
    spaced = f"{national[:4]} {national[4:7]} {national[7:]}"
    return [e164, e164[1:], national, spaced]


@pytest.mark.parametrize("role", ["officer_a", "officer_c", "monitor"])
def test_the_reporters_phone_is_never_shown(client, world, role):
    report = world.report(S.IN_PROGRESS)
    ReportEvent.objects.create(
        report=report, actor=world.reporter, from_status="", to_status=S.SUBMITTED
    )
    client.force_login(getattr(world, role))
    for url in (report_url(report.code), QUEUE_URL + "?tab=dang-xu-ly"):
        page = text(client.get(url))
        assert report.code in page
        for form in phone_forms(world.reporter):
            assert form not in page


def test_the_reporters_name_is_shown_unless_hidden(officer, world):
    named = world.report()
    hidden = world.report(hide_name=True)
    for report in (named, hidden):
        ReportEvent.objects.create(
            report=report, actor=world.reporter, from_status="", to_status=S.SUBMITTED
        )
    assert world.reporter.full_name in text(officer.get(report_url(named.code)))
    page = text(officer.get(report_url(hidden.code)))
    assert world.reporter.full_name not in page  # nor in the history's first entry
    assert MSG_HIDDEN_NAME in page


# --- The actions, each through HTTP with its history entry --------------------------------------


def test_accept(officer, world):
    report = world.report(S.FORWARDED)
    response = officer.post(action_url(report.code, "accept"))
    assert response.status_code == 302
    assert response["Location"] == report_url(report.code, world.agency_a)
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS
    event = report.events.get()
    assert (event.kind, event.from_status, event.to_status) == (
        Kind.TRANSITION,
        S.FORWARDED,
        S.IN_PROGRESS,
    )
    assert event.actor_id == world.officer_a.pk and event.agency_id == world.agency_a.pk
    page = officer.get(response["Location"])
    assert f"Đã nhận xử lý phản ánh {report.code}." in messages_in(page)


def test_accepting_twice_is_a_message_not_an_error(officer, world):
    report = world.report(S.FORWARDED)
    officer.post(action_url(report.code, "accept"))
    response = officer.post(action_url(report.code, "accept"), follow=True)
    assert response.status_code == 200
    assert WRONG_STATE.format("Đang xử lý") in messages_in(response)
    assert report.events.count() == 1


def test_return_needs_a_reason_then_leaves_the_queue(officer, world):
    report = world.report(S.IN_PROGRESS)
    response = officer.post(action_url(report.code, "return"), {"return-reason": "  "})
    assert response.status_code == 200
    assert field_errors(response, "return-reason") == [MSG_REQUIRED]
    assert "<details open>" in text(response)
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS and not report.events.exists()

    response = officer.post(
        action_url(report.code, "return"), {"return-reason": "Không thuộc thẩm quyền."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE_URL}?agency={world.agency_a.code}"
    report.refresh_from_db()
    assert report.status == S.RECEIVED and report.lead_agency is None
    event = report.events.get()
    assert (event.from_status, event.to_status, event.note) == (
        S.IN_PROGRESS,
        S.RECEIVED,
        "Không thuộc thẩm quyền.",
    )
    assert event.is_public is False
    assert officer.get(report_url(report.code)).status_code == 404


def test_bad_input_for_an_action_no_longer_offered_is_a_message(client, world):
    report = world.report(S.IN_PROGRESS)
    client.force_login(world.officer_c)  # co-processing: no "return" form
    response = client.post(action_url(report.code, "return"), {"return-reason": ""}, follow=True)
    assert response.status_code == 200
    assert "Thao tác này không thực hiện được với phản ánh lúc này." in messages_in(response)
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS


@pytest.mark.parametrize("public", [True, False])
def test_progress_note_internal_or_public(officer, world, public):
    report = world.report(S.IN_PROGRESS)
    data = {"progress-note": "Đã khảo sát hiện trường."}
    if public:
        data["progress-public"] = "on"
    response = officer.post(action_url(report.code, "progress"), data)
    assert response.status_code == 302
    event = report.events.get()
    assert (event.kind, event.note, event.is_public) == (
        Kind.PROGRESS,
        "Đã khảo sát hiện trường.",
        public,
    )
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS


def test_opinion_of_the_co_agency_reaches_the_lead_agency(client, world):
    report = world.report(S.IN_PROGRESS)
    client.force_login(world.officer_c)
    response = client.post(action_url(report.code, "opinion"), {"opinion-note": ""})
    assert field_errors(response, "opinion-note") == [MSG_REQUIRED]
    response = client.post(
        action_url(report.code, "opinion"), {"opinion-note": "Cần cắt điện trước."}
    )
    assert response.status_code == 302
    event = report.events.get()
    assert (event.kind, event.agency_id, event.is_public) == (
        Kind.OPINION,
        world.agency_c.pk,
        False,
    )
    client.force_login(world.officer_a)
    page = text(client.get(report_url(report.code)))
    assert "Cần cắt điện trước." in page[page.index("Ý kiến của đơn vị phối hợp") :]


def test_answer_with_files(officer, world, django_capture_on_commit_callbacks):
    report = world.report(S.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            action_url(report.code, "answer"),
            {
                "answer-answer": "Đã vá ổ gà ngày 12/5.",
                "answer-images": [jpeg_upload("sau-khi-va.jpg")],
                "answer-files": [upload("bien-ban.pdf", pdf_bytes(), "application/pdf")],
            },
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == S.RESOLVED
    assert report.answer == "Đã vá ổ gà ngày 12/5."
    event = report.events.get()
    assert (event.from_status, event.to_status) == (S.IN_PROGRESS, S.RESOLVED)
    files = list(report.attachments.order_by("kind"))
    assert [(a.kind, a.is_answer, a.original_name) for a in files] == [
        (Attachment.Kind.FILE, True, "bien-ban.pdf"),
        (Attachment.Kind.IMAGE, True, "sau-khi-va.jpg"),
    ]
    assert files[1].thumbnail  # made after commit, by the background task
    assert len(stored_files()) == 3  # the two files and the thumbnail


def test_a_bad_answer_file_stores_nothing_and_says_why(officer, world):
    report = world.report(S.IN_PROGRESS)
    response = officer.post(
        action_url(report.code, "answer"),
        {
            "answer-answer": "Đã xử lý.",
            "answer-images": [jpeg_upload("tot.jpg")],
            "answer-files": [upload("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")],
        },
    )
    assert response.status_code == 200
    errors = field_errors(response, "answer-files")
    assert len(errors) == 1 and "virus.pdf" in errors[0]
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS
    assert not report.attachments.exists() and not report.events.exists()
    assert stored_files() == []


def test_an_answer_the_workflow_refuses_leaves_no_file(officer, world):
    report = world.report(S.FORWARDED)  # not accepted yet
    response = officer.post(
        action_url(report.code, "answer"),
        {"answer-answer": "Đã xử lý.", "answer-images": [jpeg_upload()]},
        follow=True,
    )
    assert WRONG_STATE.format("Đã chuyển xử lý") in messages_in(response)
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_answer_text_is_required(officer, world):
    report = world.report(S.IN_PROGRESS)
    response = officer.post(action_url(report.code, "answer"), {"answer-answer": ""})
    assert field_errors(response, "answer-answer") == [MSG_REQUIRED]


def test_extension_request(officer, world):
    report = world.report(S.IN_PROGRESS)
    later = timezone.localtime(report.deadline + timedelta(days=3)).replace(second=0, microsecond=0)
    data = {
        "request_extension-new_deadline": later.strftime("%Y-%m-%dT%H:%M"),
        "request_extension-reason": "Chờ vật tư.",
    }
    response = officer.post(action_url(report.code, "request_extension"), data)
    assert response.status_code == 302
    extension = report.extension_requests.get()
    assert extension.status == ExtensionRequest.Status.PENDING
    assert extension.new_deadline == later
    assert extension.agency_id == world.agency_a.pk
    event = report.events.get()
    assert (event.kind, event.note, event.is_public) == (
        Kind.EXTENSION_REQUEST,
        "Chờ vật tư.",
        False,
    )
    page = officer.get(report_url(report.code))
    assert "Đề nghị gia hạn chờ duyệt" in text(page)

    again = officer.post(action_url(report.code, "request_extension"), data, follow=True)
    assert "Phản ánh đã có một đề nghị gia hạn đang chờ duyệt." in messages_in(again)
    assert report.extension_requests.count() == 1


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", MSG_REQUIRED),
        ("ngày mai", "Nhập một ngày/thời gian hợp lệ."),
        ("2020-01-01T08:00", "Hạn mới phải ở tương lai."),
    ],
)
def test_extension_date_errors_next_to_the_field(officer, world, value, error):
    report = world.report(S.IN_PROGRESS)
    response = officer.post(
        action_url(report.code, "request_extension"),
        {"request_extension-new_deadline": value, "request_extension-reason": "Chờ vật tư."},
    )
    assert response.status_code == 200
    assert field_errors(response, "request_extension-new_deadline") == [error]
    assert not report.extension_requests.exists()


def test_an_extension_before_the_current_deadline_is_refused_by_the_workflow(officer, world):
    report = world.report(S.IN_PROGRESS, deadline=timezone.now() + timedelta(days=5))
    sooner = timezone.localtime(timezone.now() + timedelta(days=1))
    response = officer.post(
        action_url(report.code, "request_extension"),
        {
            "request_extension-new_deadline": sooner.strftime("%Y-%m-%dT%H:%M"),
            "request_extension-reason": "Chờ vật tư.",
        },
        follow=True,
    )
    assert "Hạn mới phải sau hạn hiện tại." in messages_in(response)
    assert not report.extension_requests.exists()


# --- Attachments of the report, opened by the agency -------------------------------------------


@pytest.mark.parametrize("role", ["officer_a", "officer_c", "monitor"])
def test_agency_members_open_the_attachments_of_a_private_report(client, world, role):
    report = world.report(S.IN_PROGRESS, is_public=False)
    photo = AttachmentFactory(report=report)
    client.force_login(getattr(world, role))
    assert client.get(f"/tep/{photo.public_id}/").status_code == 200
    assert client.get(f"/tep/{photo.public_id}/thu-nho/").status_code == 200


def test_other_agencies_never_open_them(client, world):
    report = world.report(S.IN_PROGRESS, is_public=False)
    photo = AttachmentFactory(report=report)
    client.force_login(world.officer_b)
    assert client.get(f"/tep/{photo.public_id}/").status_code == 404


# --- Cached fragments (rows and the filter form) -----------------------------------------


def test_a_cached_row_follows_its_report(officer, world):
    report = world.report(title="Đèn tín hiệu hỏng ở ngã tư")
    assert "badge--forwarded" in text(officer.get(QUEUE_URL))

    workflow.report_accept(report=report, actor=world.officer_a)

    page = text(officer.get(f"{QUEUE_URL}?tab=dang-xu-ly"))
    assert "Đèn tín hiệu hỏng ở ngã tư" in page and "badge--in_progress" in page


def test_the_cached_filter_form_offers_a_new_category(officer, world):
    assert "Cây xanh đô thị" not in text(officer.get(QUEUE_URL))

    CategoryFactory(name="Cây xanh đô thị")

    assert "Cây xanh đô thị" in text(officer.get(QUEUE_URL))

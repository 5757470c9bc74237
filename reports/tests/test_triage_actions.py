"""The triage dashboard's actions through HTTP (accept, return, progress notes,
opinions, answers with files, extension requests): each with its history
entry, its form errors in Vietnamese next to the field, and the workflow's
refusals as messages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from reports.models import Attachment, ExtensionRequest

from .factories import pdf_bytes, upload
from .helpers import MSG_REQUIRED, field_errors, jpeg_upload, stored_files, text
from .triage_pages import Kind, S
from .triage_pages import officer as officer
from .triage_pages import world as world
from .triage_world import QUEUE_URL, WRONG_STATE, action_url, report_url

pytestmark = pytest.mark.django_db


def messages_in(response) -> list[str]:
    return re.findall(r'<p class="message message--\w+">(.*?)</p>', text(response), re.S)


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
        ("ngày mai", "Nhập ngày giờ hợp lệ."),  # the portal's wording (locale_django)
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

"""Each workflow action of the admin through HTTP (README §4, 7): GET shows its
form, POST performs it through reports/workflow/, with its history entry and
its notifications; a form's own errors are shown on the form."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reports import workflow
from reports.models import Attachment, ExtensionRequest, Notification, Report, ReportEvent

from .admin_actions_world import Status, action_url, change_url, last_event, sms_to
from .admin_actions_world import operator_client as operator_client
from .factories import (
    AgencyFactory,
    AgencyMembershipFactory,
    CategoryFactory,
    ExtensionRequestFactory,
    WardFactory,
    pdf_bytes,
    report_in_state,
)
from .helpers import jpeg_upload, stored_files, text

pytestmark = pytest.mark.django_db


def notified(user) -> list[str]:
    return [notification.message for notification in Notification.objects.filter(recipient=user)]


def test_receive(operator_client, admin_operator):
    category = CategoryFactory(name="Giao thông")
    ward = WardFactory(name="Phường Đông Hà")
    report = report_in_state(
        Status.SUBMITTED,
        title="O ga so dien thoai 0912345678",
        urgent_requested=True,
        category=category,
    )

    form_page = operator_client.get(action_url(report, "receive"))
    assert form_page.status_code == 200
    form = form_page.context["action_form"]
    assert form["category"].value() == category.pk
    assert form["level"].value() == Report.Level.URGENT  # the citizen's request, as a suggestion
    assert "Người gửi đề nghị xử lý khẩn." in text(form_page)

    response = operator_client.post(
        action_url(report, "receive"),
        {
            "category": category.pk,
            "level": Report.Level.NORMAL,
            "is_public": "on",
            "title": "Ổ gà trên đường Lê Duẩn",
            "content": report.content,
            "address": report.address,
            "ward": ward.pk,
            "note": "Không khẩn: đã có biển cảnh báo",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == change_url(report)
    assert f"Đã tiếp nhận phản ánh {report.code}." in text(response)
    report.refresh_from_db()
    assert report.status == Status.RECEIVED
    assert report.level == Report.Level.NORMAL
    assert report.is_public
    assert report.title == "Ổ gà trên đường Lê Duẩn"
    assert report.ward_id == ward.pk
    receipt = report.events.get(kind=ReportEvent.Kind.TRANSITION)
    assert (receipt.from_status, receipt.to_status) == (Status.SUBMITTED, Status.RECEIVED)
    assert receipt.actor_id == admin_operator.pk and receipt.is_public  # on the public timeline
    note = last_event(report)  # the operator's note stays the IOC's
    assert (note.kind, note.is_public) == (ReportEvent.Kind.PROGRESS, False)
    assert note.note == "Không khẩn: đã có biển cảnh báo"
    message = f"Phản ánh {report.code} đã được Trung tâm IOC tiếp nhận."
    assert message in notified(report.reporter)
    assert message in sms_to(report.reporter)


def test_reject_as_duplicate(operator_client):
    original = report_in_state(Status.FORWARDED)
    report = report_in_state(Status.SUBMITTED)

    assert operator_client.get(action_url(report, "reject")).status_code == 200
    unknown = operator_client.post(
        action_url(report, "reject"), {"reason": "duplicate", "duplicate_code": "PA-1999-000001"}
    )
    assert unknown.status_code == 200
    assert "Không tìm thấy phản ánh mã PA-1999-000001." in text(unknown)

    operator_client.post(
        action_url(report, "reject"),
        {"reason": "duplicate", "duplicate_code": original.code.lower(), "note": ""},
    )

    report.refresh_from_db()
    assert report.status == Status.REJECTED
    assert report.rejection_reason == Report.RejectionReason.DUPLICATE
    assert report.duplicate_of_id == original.pk
    assert last_event(report).to_status == Status.REJECTED
    assert any("không được tiếp nhận" in body for body in sms_to(report.reporter))


def test_reject_for_another_reason_needs_an_explanation(operator_client):
    report = report_in_state(Status.SUBMITTED)

    response = operator_client.post(action_url(report, "reject"), {"reason": "other"})

    assert "Hãy ghi rõ lý do từ chối." in text(response)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_forward_with_suggested_agency_and_deadline(operator_client):
    agency = AgencyFactory(name="Sở Giao thông vận tải")
    officer = AgencyMembershipFactory(agency=agency).user
    helper = AgencyFactory(name="UBND phường Đông Hà")
    category = CategoryFactory(default_agency=agency, processing_days_normal=5)
    report = report_in_state(Status.RECEIVED, category=category)

    form_page = operator_client.get(action_url(report, "forward"))
    assert form_page.status_code == 200
    form = form_page.context["action_form"]
    assert form["lead_agency"].value() == agency.pk
    # End of office hours on a working day: the same whenever the page is drawn today.
    suggested = timezone.localtime(workflow.suggested_deadline(report))
    assert f'type="datetime-local" name="deadline" value="{suggested:%Y-%m-%dT%H:%M}"' in text(
        form_page
    )

    deadline = timezone.localtime() + timedelta(days=10)
    operator_client.post(
        action_url(report, "forward"),
        {
            "lead_agency": agency.pk,
            "co_agencies": [helper.pk],
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
            "note": "Đề nghị xử lý sớm",
        },
    )

    report.refresh_from_db()
    assert report.status == Status.FORWARDED
    assert report.lead_agency_id == agency.pk
    assert list(report.co_agencies.values_list("pk", flat=True)) == [helper.pk]
    assert report.deadline == deadline.replace(second=0, microsecond=0)
    assert last_event(report).agency_id == agency.pk
    assert any(report.code in message for message in notified(officer))


def test_forward_refuses_a_deadline_in_the_past(operator_client):
    agency = AgencyFactory()
    report = report_in_state(Status.RECEIVED)
    past = timezone.localtime() - timedelta(hours=1)

    response = operator_client.post(
        action_url(report, "forward"),
        {"lead_agency": agency.pk, "deadline": past.strftime("%Y-%m-%dT%H:%M")},
    )

    assert "Hạn xử lý phải sau thời điểm hiện tại." in text(response)
    report.refresh_from_db()
    assert report.status == Status.RECEIVED


def test_recall(operator_client):
    agency = AgencyFactory()
    officer = AgencyMembershipFactory(agency=agency).user
    report = report_in_state(Status.FORWARDED, lead_agency=agency)

    assert operator_client.get(action_url(report, "recall")).status_code == 200
    operator_client.post(action_url(report, "recall"), {"reason": "Chuyển nhầm đơn vị"})

    report.refresh_from_db()
    assert report.status == Status.RECEIVED
    assert report.lead_agency is None
    event = last_event(report)
    assert event.note == "Chuyển nhầm đơn vị"
    assert not event.is_public
    assert f"Phản ánh {report.code} đã được Trung tâm IOC thu hồi." in notified(officer)


def test_answer_directly_with_files(operator_client, admin_operator):
    report = report_in_state(Status.RECEIVED)

    assert operator_client.get(action_url(report, "answer_directly")).status_code == 200
    response = operator_client.post(
        action_url(report, "answer_directly"),
        {
            "answer": "Đơn vị đã thu gom rác trong ngày.",
            "files": [
                jpeg_upload("sau-khi-xu-ly.jpg"),
                SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), content_type="application/pdf"),
            ],
        },
        follow=True,
    )

    assert f"Đã trả lời phản ánh {report.code}; kết quả chờ đăng tải." in text(response)
    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    assert report.answer == "Đơn vị đã thu gom rác trong ngày."
    answer_files = report.attachments.filter(is_answer=True)
    assert sorted(answer_files.values_list("kind", "original_name")) == [
        (Attachment.Kind.FILE, "bien-ban.pdf"),
        (Attachment.Kind.IMAGE, "sau-khi-xu-ly.jpg"),
    ]
    assert last_event(report).to_status == Status.RESOLVED
    # The IOC hears that an answer waits for publication.
    assert any(report.code in message for message in notified(admin_operator))


def test_answer_directly_refuses_a_file_that_is_not_what_it_claims(operator_client):
    report = report_in_state(Status.RECEIVED)

    response = operator_client.post(
        action_url(report, "answer_directly"),
        {
            "answer": "Đã xử lý.",
            "files": [SimpleUploadedFile("ket-qua.pdf", b"MZ\x90\x00" * 64, "application/pdf")],
        },
    )

    assert response.status_code == 200
    assert "không phải là tài liệu hợp lệ" in text(response)
    report.refresh_from_db()
    assert report.status == Status.RECEIVED
    assert stored_files() == []


def test_send_back(operator_client):
    agency = AgencyFactory()
    officer = AgencyMembershipFactory(agency=agency).user
    report = report_in_state(Status.RESOLVED, lead_agency=agency)

    assert operator_client.get(action_url(report, "send_back")).status_code == 200
    operator_client.post(action_url(report, "send_back"), {"reason": "Thiếu ảnh sau xử lý"})

    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    assert report.resolved_at is None
    assert last_event(report).note == "Thiếu ảnh sau xử lý"
    assert any("Thiếu ảnh sau xử lý" in message for message in notified(officer))


def test_publish(operator_client):
    report = report_in_state(Status.RESOLVED, is_public=True)

    form_page = operator_client.get(action_url(report, "publish"))
    assert form_page.status_code == 200
    assert report.answer in text(form_page)  # the operator reviews the answer first
    operator_client.post(action_url(report, "publish"), {"note": ""})

    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert report.published_at is not None
    assert last_event(report).is_public
    assert any(report.code in body for body in sms_to(report.reporter))


@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_decide_extension(operator_client, decision):
    agency = AgencyFactory()
    officer = AgencyMembershipFactory(agency=agency).user
    report = report_in_state(Status.IN_PROGRESS, lead_agency=agency)
    old_deadline = report.deadline
    extension = ExtensionRequestFactory(report=report, reason="Chờ vật tư")

    form_page = operator_client.get(action_url(report, "decide_extension"))
    assert form_page.status_code == 200
    assert "Chờ vật tư" in text(form_page)
    operator_client.post(
        action_url(report, "decide_extension"), {"decision": decision, "note": "Lần cuối"}
    )

    extension.refresh_from_db()
    report.refresh_from_db()
    if decision == "approve":
        assert extension.status == ExtensionRequest.Status.APPROVED
        assert report.deadline == extension.new_deadline
    else:
        assert extension.status == ExtensionRequest.Status.REFUSED
        assert report.deadline == old_deadline
    event = last_event(report)
    assert event.kind == "extension_decision"
    assert "Lần cuối" in event.note
    assert any(report.code in message for message in notified(officer))

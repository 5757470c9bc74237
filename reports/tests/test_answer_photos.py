"""Proof of the fix (README §4): for a category marked "Bắt buộc ảnh kết quả" an
answer without a photo is refused in every channel — the workflow functions
themselves, the agency's form on /xu-ly/ and the IOC's direct answer in the
admin — with the reason next to the photo field; other categories answer
without one. (Open311 has no way to answer: partners only read updates.)"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reports import workflow
from reports.models import Attachment, Report
from reports.workflow.answer_photos import AnswerPhotoRequired

from .admin_actions_world import action_url as admin_action_url
from .admin_actions_world import operator_client as operator_client
from .factories import AttachmentFactory, CategoryFactory, pdf_bytes, report_in_state
from .helpers import field_errors, jpeg_upload, stored_files, text
from .triage_pages import S
from .triage_pages import officer as officer
from .triage_pages import world as world
from .triage_world import action_url
from .workflow_world import ioc as ioc
from .workflow_world import lead as lead
from .workflow_world import lead_officer as lead_officer

pytestmark = pytest.mark.django_db

MISSING = (
    "Chuyên mục “Chiếu sáng” cần ít nhất một ảnh kết quả: hãy gửi kèm ảnh hiện trường "
    "sau khi xử lý."
)


@pytest.fixture
def marked(db):
    return CategoryFactory(name="Chiếu sáng", answer_photo_required=True)


@pytest.fixture
def unmarked(db):
    return CategoryFactory(name="Cây xanh")


def photo(report):
    """An answer photo as the upload service hands it to the workflow (unsaved)."""
    return Attachment(report=report, kind=Attachment.Kind.IMAGE, size=1, is_answer=True)


def document(report):
    return Attachment(report=report, kind=Attachment.Kind.FILE, size=1, is_answer=True)


# --- The workflow functions ------------------------------------------------------------


def test_the_agency_answer_needs_a_photo_in_a_marked_category(marked, lead, lead_officer):
    report = report_in_state(S.IN_PROGRESS, lead_agency=lead, category=marked)

    for attachments in ((), (document(report),)):
        with pytest.raises(AnswerPhotoRequired) as refusal:
            workflow.report_answer(
                report=report,
                actor=lead_officer,
                answer="Đã thay bóng đèn.",
                attachments=attachments,
            )
        assert str(refusal.value) == MISSING
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS and not report.events.exists()

    workflow.report_answer(
        report=report, actor=lead_officer, answer="Đã thay bóng đèn.", attachments=[photo(report)]
    )
    report.refresh_from_db()
    assert report.status == S.RESOLVED


def test_the_ioc_direct_answer_needs_one_too(marked, ioc):
    report = report_in_state(S.RECEIVED, category=marked)

    with pytest.raises(AnswerPhotoRequired):
        workflow.report_answer_directly(report=report, actor=ioc, answer="Đã xử lý.")

    workflow.report_answer_directly(
        report=report, actor=ioc, answer="Đã xử lý.", attachments=[photo(report)]
    )
    assert Report.objects.get(pk=report.pk).status == S.RESOLVED


def test_other_categories_answer_without_a_photo(unmarked, lead, lead_officer, ioc):
    by_agency = report_in_state(S.IN_PROGRESS, lead_agency=lead, category=unmarked)
    by_ioc = report_in_state(S.RECEIVED, category=unmarked)

    workflow.report_answer(report=by_agency, actor=lead_officer, answer="Đã cắt tỉa cây.")
    workflow.report_answer_directly(report=by_ioc, actor=ioc, answer="Đã cắt tỉa cây.")

    assert set(Report.objects.values_list("status", flat=True)) == {S.RESOLVED}


def test_a_photo_of_an_answer_sent_back_still_counts(marked, lead, lead_officer):
    report = report_in_state(S.IN_PROGRESS, lead_agency=lead, category=marked)
    AttachmentFactory(report=report, is_answer=True)  # the first answer's photo

    workflow.report_answer(report=report, actor=lead_officer, answer="Đã thay cả cột đèn.")

    assert Report.objects.get(pk=report.pk).status == S.RESOLVED


def test_who_and_when_come_before_the_photo(marked, lead, lead_officer):
    report = report_in_state(S.FORWARDED, lead_agency=lead, category=marked)  # not accepted

    with pytest.raises(workflow.WorkflowError) as refusal:
        workflow.report_answer(report=report, actor=lead_officer, answer="Đã xử lý.")

    assert not isinstance(refusal.value, AnswerPhotoRequired)


# --- The agency's form on /xu-ly/ ------------------------------------------------------


def test_the_triage_form_says_so_next_to_the_photo_field(officer, world, marked):
    report = world.report(S.IN_PROGRESS, category=marked)

    page = text(officer.get(f"/xu-ly/{report.code}/"))
    assert "Chuyên mục này bắt buộc ít nhất một ảnh kết quả." in page
    response = officer.post(
        action_url(report.code, "answer"),
        {
            "answer-answer": "Đã thay bóng đèn.",
            "answer-files": [SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), "application/pdf")],
        },
    )

    assert response.status_code == 200
    assert field_errors(response, "answer-images") == [MISSING]
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS
    assert not report.attachments.exists() and stored_files() == []


def test_the_triage_form_sends_the_answer_with_a_photo(officer, world, marked):
    report = world.report(S.IN_PROGRESS, category=marked)

    response = officer.post(
        action_url(report.code, "answer"),
        {"answer-answer": "Đã thay bóng đèn.", "answer-images": [jpeg_upload("sau.jpg")]},
    )

    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == S.RESOLVED


def test_the_triage_form_of_another_category_needs_no_photo(officer, world, unmarked):
    report = world.report(S.IN_PROGRESS, category=unmarked)

    page = text(officer.get(f"/xu-ly/{report.code}/"))
    response = officer.post(action_url(report.code, "answer"), {"answer-answer": "Đã cắt cây."})

    assert "bắt buộc ít nhất một ảnh" not in page
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == S.RESOLVED


# --- The IOC's direct answer in the admin ----------------------------------------------


def admin_errors_of(response, field) -> list[str]:
    """The admin's error list under `field`."""
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', text(response))
    return re.findall(r"<li>(.*?)</li>", found[1]) if found else []


def test_the_admin_form_says_so_next_to_the_files(operator_client, marked):
    report = report_in_state(S.RECEIVED, category=marked)

    response = operator_client.post(
        admin_action_url(report, "answer_directly"),
        {
            "answer": "Đã thay bóng đèn.",
            "files": [SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), "application/pdf")],
        },
    )

    assert response.status_code == 200
    assert admin_errors_of(response, "files") == [MISSING]
    assert Report.objects.get(pk=report.pk).status == S.RECEIVED
    assert stored_files() == []


def test_the_admin_form_answers_with_a_photo_or_for_another_category(
    operator_client, marked, unmarked
):
    with_photo = report_in_state(S.RECEIVED, category=marked)
    other = report_in_state(S.RECEIVED, category=unmarked)

    operator_client.post(
        admin_action_url(with_photo, "answer_directly"),
        {"answer": "Đã thay bóng đèn.", "files": [jpeg_upload("sau.jpg")]},
    )
    operator_client.post(admin_action_url(other, "answer_directly"), {"answer": "Đã cắt cây."})

    assert Report.objects.get(pk=with_photo.pk).status == S.RESOLVED
    assert Report.objects.get(pk=other.pk).status == S.RESOLVED

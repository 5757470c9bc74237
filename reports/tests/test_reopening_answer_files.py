"""The files of an answer the IOC reopened are retired with it: kept for the
history, but no longer the report's result, its public proof, or proof enough
for the next answer of a category that needs a photo."""

import pytest

from reports import workflow
from reports.models import Attachment, Category
from reports.workflow.answer_photos import AnswerPhotoRequired

from .factories import AttachmentFactory, IocOperatorFactory
from .helpers import attachment_url, detail_url, text
from .reopening_world import first_agency as first_agency
from .reopening_world import other_agency as other_agency
from .reopening_world import other_officer as other_officer
from .reopening_world import published as published
from .reopening_world import rated as rated
from .reopening_world import reporter as reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_photo(rated):
    return AttachmentFactory(report=rated, is_answer=True)


def reopen_to(report, agency):
    return workflow.report_reopen(
        report=report, actor=IocOperatorFactory(), lead_agency=agency, note="Làm lại."
    )


def test_reopening_retires_the_answer_files_and_keeps_them(rated, old_photo, other_agency):
    citizen_photo = AttachmentFactory(report=rated)

    reopen_to(rated, other_agency)

    old_photo.refresh_from_db()
    assert old_photo.retired_at is not None and old_photo.is_answer
    assert list(rated.attachments.of_answer()) == []
    assert Attachment.objects.get(pk=citizen_photo.pk).retired_at is None


def test_the_next_published_answer_shows_only_its_own_photos(
    rated, old_photo, other_agency, other_officer, client
):
    reopen_to(rated, other_agency)
    report = workflow.report_accept(report=rated, actor=other_officer)
    report = workflow.report_answer(report=report, actor=other_officer, answer="Đã làm lại.")
    new_photo = AttachmentFactory(report=report, is_answer=True)
    workflow.report_publish(report=report, actor=IocOperatorFactory())

    page = text(client.get(detail_url(report.code)))

    assert attachment_url(new_photo) in page
    assert str(old_photo.public_id) not in page
    assert client.get(attachment_url(old_photo)).status_code == 404


def test_a_retired_photo_is_no_proof_for_the_next_answer(
    rated, old_photo, other_agency, other_officer
):
    Category.objects.filter(pk=rated.category_id).update(answer_photo_required=True)
    reopen_to(rated, other_agency)
    report = workflow.report_accept(report=rated, actor=other_officer)

    with pytest.raises(AnswerPhotoRequired):
        workflow.report_answer(report=report, actor=other_officer, answer="Đã làm lại.")

    # As the upload service hands a new photo to the workflow (unsaved).
    photo = Attachment(report=report, kind=Attachment.Kind.IMAGE, size=1, is_answer=True)
    workflow.report_answer(
        report=report, actor=other_officer, answer="Đã làm lại.", attachments=[photo]
    )

"""Writes of the agency triage dashboard that need more than one workflow call.

The answer with its files is all or nothing, like a citizen's submission
(reports/services.py): either the report is answered with every file the
officer saw accepted, or nothing changes and no file is left in storage.
"""

from django.core.files.storage import default_storage
from django.db import transaction

from reports import workflow
from reports.models import Attachment, Report
from reports.tasks import make_thumbnails


def report_answer_with_attachments(
    *, report: Report, actor, answer: str, uploads: dict[str, list]
) -> Report:
    """Store the files `media.inspect_upload` accepted (by kind) and answer the
    report through `workflow.report_answer`, which checks the actor and the
    state, marks the files as the answer's and queues the notifications. Any
    error (WorkflowError included) rolls back the rows and deletes the files."""
    stored_names: list[str] = []
    try:
        with transaction.atomic():
            attachments = answer_attachments_store(
                report=report, uploads=uploads, stored_names=stored_names
            )
            report = workflow.report_answer(
                report=report, actor=actor, answer=answer, attachments=attachments
            )
    except BaseException:
        for name in stored_names:
            default_storage.delete(name)
        raise
    image_ids = [a.pk for a in attachments if a.kind == Attachment.Kind.IMAGE]
    if image_ids:
        transaction.on_commit(lambda: make_thumbnails.delay(image_ids))
    return report


def answer_attachments_store(
    *, report: Report, uploads: dict[str, list], stored_names: list[str]
) -> list[Attachment]:
    """Write each accepted upload's bytes under a random name and return the
    (unsaved) attachments; `stored_names` lists what to delete on failure."""
    attachments = []
    for kind, prepared_uploads in uploads.items():
        order = report.attachments.filter(kind=kind).count()
        for prepared in prepared_uploads:
            attachment = Attachment(
                report=report,
                kind=kind,
                content_type=prepared.content_type,
                size=prepared.size,
                original_name=prepared.original_name,
                order=order,
                is_answer=True,
            )
            attachment.file.save(f"upload{prepared.extension}", prepared.content, save=False)
            stored_names.append(attachment.file.name)
            attachments.append(attachment)
            order += 1
    return attachments

"""Writes for citizens' reports: drafts and submissions with their attachments.

All or nothing: a report is stored with every attachment the citizen saw
accepted, or nothing is stored and no file is left behind.
"""

import math
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction

from accounts.models import User
from reports import quotas as quota_checks
from reports import thumbnails, workflow
from reports.models import AdministrativeUnit, Attachment, PartnerSubmission, Report, ReportEvent

# How long the portal remembers an offline report's client token (see report_save).
CLIENT_TOKEN_TTL = 24 * 60 * 60

# The name of the account that owns partners' Open311 reports.
PARTNER_OWNER_NAME = "Đối tác Open311"

REPORT_FIELDS = (
    "title",
    "content",
    "category",
    "urgent_requested",
    "latitude",
    "longitude",
    "address",
    "ward",
    "hide_name",
)


@dataclass
class ReportInput:
    """What the citizen typed, and the uploads `media.inspect_upload` accepted, by kind."""

    values: dict
    uploads: dict[str, list] = field(default_factory=dict)
    remove_attachment_ids: tuple[int, ...] = ()


def nearest_ward(latitude, longitude) -> AdministrativeUnit | None:
    """The ward or commune whose centre is closest to the point."""
    wards = (
        AdministrativeUnit.objects.current_wards()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .only("pk", "latitude", "longitude")
    )
    cos_lat = math.cos(math.radians(float(latitude)))

    def squared_distance(ward):
        return (ward.latitude - float(latitude)) ** 2 + (
            (ward.longitude - float(longitude)) * cos_lat
        ) ** 2

    return min(wards, key=squared_distance, default=None)


def in_province(latitude, longitude) -> bool:
    """Whether a point is in the province's box: every channel's check."""
    (south, west), (north, east) = settings.PROVINCE_BOUNDS
    return south <= float(latitude) <= north and west <= float(longitude) <= east


def report_save(
    *,
    reporter,
    report_input: ReportInput,
    report: Report | None = None,
    submit: bool = False,
    quotas: bool = True,
    client_token: str = "",
) -> Report:
    """Create or update the reporter's draft, attach new files, drop removed
    ones, and submit it when asked. Thumbnails are queued after commit. The
    citizen's quotas are checked first (`quotas=False`: Open311, limited per key).

    `client_token` is the phone's key for a report written offline
    (static/js/offline-reports.js), which may post it again when it never saw
    the answer: a token already used by this reporter (within CLIENT_TOKEN_TTL)
    returns the report it made, changing nothing. The tokens live in the cache,
    not the database: with the cache away a repeated post is not recognised."""
    known = _report_for_token(reporter, client_token)
    if known is not None:
        return known
    if quotas:
        quota_checks.check(
            reporter=reporter, report=report, uploads=report_input.uploads, submit=submit
        )
    with files_stored_atomically() as stored_names:
        report = _save_fields(reporter, report, report_input.values)
        removed = _remove_attachments(report, report_input.remove_attachment_ids)
        new_attachments = store_uploads(
            report=report, uploads=report_input.uploads, stored_names=stored_names
        )
        if submit:
            report = workflow.report_submit(report=report, actor=reporter)
    transaction.on_commit(lambda: _delete_files(removed))
    thumbnails.queue(new_attachments)
    if client_token:
        key, pk = _token_key(reporter, client_token), report.pk
        transaction.on_commit(lambda: cache.set(key, pk, CLIENT_TOKEN_TTL))
    return report


def _token_key(reporter, client_token) -> str:
    return f"report:client-token:{reporter.pk}:{client_token}"


def _report_for_token(reporter, client_token) -> Report | None:
    if not client_token:
        return None
    pk = cache.get(_token_key(reporter, client_token))
    return Report.objects.filter(pk=pk, reporter=reporter).first() if pk else None


def partner_report_submit(*, api_key, values: dict, sender: dict) -> Report:
    """A partner's report from Open311: submitted under the partners' owner
    account, with the partner's contact kept for the IOC alone, and an internal
    timeline note of which key sent it."""
    with transaction.atomic():
        owner = partner_owner()
        report = report_save(
            reporter=owner,
            report_input=ReportInput(values=values),
            submit=True,
            quotas=False,  # every partner files under one owner: limited per key instead
        )
        PartnerSubmission.objects.create(report=report, api_key=api_key, **sender)
        ReportEvent.objects.create(
            report=report,
            actor=owner,
            kind=ReportEvent.Kind.PROGRESS,
            from_status=report.status,
            to_status=report.status,
            note=f"Gửi qua Open311 bởi {api_key}.",
            is_public=False,
        )
    return report


def partner_owner():
    """The account partners' reports belong to (created on first use): no phone
    and no usable password, so no one can log in as it, reset its password or
    receive its messages; the partner's own contact gets them."""
    owner = User.objects.filter(phone__isnull=True, full_name=PARTNER_OWNER_NAME).first()
    if owner is None:
        owner = User(phone=None, full_name=PARTNER_OWNER_NAME, is_organization=True)
        owner.set_unusable_password()
        owner.save()
    return owner


def report_answer_with_files(*, report: Report, actor, answer: str, uploads, directly=False):
    """Answer a report with files, all or nothing: the lead agency's answer, or
    the IOC's own (`directly`). The workflow checks the actor and the state."""
    answer_function = workflow.report_answer_directly if directly else workflow.report_answer
    with files_stored_atomically() as stored_names:
        attachments = store_uploads(
            report=report, uploads=uploads, stored_names=stored_names, is_answer=True, save=False
        )
        report = answer_function(report=report, actor=actor, answer=answer, attachments=attachments)
    thumbnails.queue(attachments)
    return report


@contextmanager
def files_stored_atomically():
    """A transaction that also takes back the files written in it: yields the
    list to which each stored file name is added; on any error the rows roll
    back and those files are deleted."""
    stored_names: list[str] = []
    try:
        with transaction.atomic():
            yield stored_names
    except BaseException:
        _delete_files(stored_names)
        raise


def store_uploads(*, report, uploads, stored_names, is_answer=False, save=True) -> list[Attachment]:
    """Write each accepted upload (by kind) under a random name, as attachments
    of `report` numbered after the ones it has. `save=False` leaves the rows for
    the caller (the workflow saves answer files)."""
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
                is_answer=is_answer,
            )
            attachment.file.save(f"upload{prepared.extension}", prepared.content, save=False)
            stored_names.append(attachment.file.name)
            if save:
                attachment.save()
            attachments.append(attachment)
            order += 1
    return attachments


def draft_delete(*, draft: Report) -> None:
    files = [name for a in draft.attachments.all() for name in (a.file.name, a.thumbnail.name)]
    with transaction.atomic():
        draft.delete()
        transaction.on_commit(lambda: _delete_files(files))


def _save_fields(reporter, report, values) -> Report:
    if report is None:
        report = Report(reporter=reporter)
    elif report.reporter_id != reporter.pk or not report.is_draft:
        raise workflow.WorkflowError("Only the owner's draft can be edited.")
    for name in REPORT_FIELDS:
        if name in values:
            setattr(report, name, values[name])
    if report.latitude is not None and report.longitude is not None and report.ward is None:
        report.ward = nearest_ward(report.latitude, report.longitude)
    report.save()
    return report


def _remove_attachments(report, attachment_ids) -> list[str]:
    doomed = list(report.attachments.filter(pk__in=attachment_ids))
    names = [name for a in doomed for name in (a.file.name, a.thumbnail.name) if name]
    report.attachments.filter(pk__in=[a.pk for a in doomed]).delete()
    return names


def _delete_files(names):
    for name in names:
        if name:
            default_storage.delete(name)

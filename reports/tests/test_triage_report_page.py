"""The triage dashboard's report page (/xu-ly/<code>/) through HTTP: what it
shows the agency (history, opinions, the pending extension, the answer apart
from the citizen's files), what it never shows (the reporter's phone, a hidden
name), and which agencies open the attachments of a private report."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reports.models import Report, ReportEvent

from .factories import AttachmentFactory, ExtensionRequestFactory
from .helpers import text
from .triage_pages import Kind, S, shown
from .triage_pages import officer as officer
from .triage_pages import world as world
from .triage_world import MSG_HIDDEN_NAME, QUEUE_URL, report_url

pytestmark = pytest.mark.django_db


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

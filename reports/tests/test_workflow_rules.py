"""The rules of each move beyond "who, from which state" (the matrix covers that):
what each transition sets, what it requires, what it refuses, and that "overdue"
is computed the same way everywhere."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reports import deadlines, selectors, workflow
from reports.models import (
    AgencyMembership,
    ExtensionRequest,
    Notification,
    Report,
    ReportEvent,
)
from reports.workflow import WorkflowError

from .factories import (
    AgencyFactory,
    AgencyMembershipFactory,
    AttachmentFactory,
    CategoryFactory,
    ExtensionRequestFactory,
    IocOperatorFactory,
    ReportFactory,
    WardFactory,
    report_in_state,
)
from .helpers import CODE_PATTERN

pytestmark = pytest.mark.django_db

S = Report.Status
Kind = ReportEvent.Kind


@pytest.fixture
def ioc(db):
    return IocOperatorFactory()


@pytest.fixture
def lead(db):
    return AgencyFactory(name="Sở Xây dựng")


@pytest.fixture
def co(db):
    return AgencyFactory(name="Công ty Môi trường đô thị")


@pytest.fixture
def lead_officer(lead):
    return AgencyMembershipFactory(agency=lead, user__full_name="Cán bộ Sở Xây dựng").user


@pytest.fixture
def co_officer(co):
    return AgencyMembershipFactory(agency=co, user__full_name="Cán bộ Công ty Môi trường").user


@pytest.fixture
def submitted(citizen):
    return report_in_state(S.SUBMITTED, reporter=citizen)


@pytest.fixture
def received(citizen):
    return report_in_state(S.RECEIVED, reporter=citizen)


@pytest.fixture
def forwarded(citizen, lead, co):
    return report_in_state(S.FORWARDED, reporter=citizen, lead_agency=lead, co_agencies=[co])


@pytest.fixture
def in_progress(citizen, lead, co):
    return report_in_state(S.IN_PROGRESS, reporter=citizen, lead_agency=lead, co_agencies=[co])


def messages_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("message", flat=True))


def last_event(report):
    return report.events.order_by("-pk").first()


def refused(call, message, report=None):
    """`call` raises WorkflowError with exactly `message` and writes no history."""
    events = ReportEvent.objects.count()
    status = Report.objects.get(pk=report.pk).status if report else None
    with pytest.raises(WorkflowError) as error:
        call()
    assert str(error.value) == message
    assert ReportEvent.objects.count() == events
    if report:
        assert Report.objects.get(pk=report.pk).status == status


# --- Submit -----------------------------------------------------------------------


def test_submit_gives_the_code_and_the_receipt_deadline_of_8_working_hours(citizen):
    draft = ReportFactory(reporter=citizen)
    before = timezone.now()

    report = workflow.report_submit(report=draft, actor=citizen)

    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    assert CODE_PATTERN.fullmatch(report.code)
    assert before <= report.submitted_at <= timezone.now()
    assert report.deadline == deadlines.receipt_deadline(report.submitted_at)
    assert deadlines.working_hours_between(report.submitted_at, report.deadline) == 8
    event = last_event(report)
    assert (event.from_status, event.to_status, event.actor) == (S.DRAFT, S.SUBMITTED, citizen)
    assert messages_of(citizen) == [
        f"Phản ánh “{report.title}” đã được gửi thành công, mã {report.code}."
    ]


# --- Receive ------------------------------------------------------------------------


def test_receive_sets_category_level_public_and_corrections(ioc, submitted):
    category = CategoryFactory(name="Môi trường")
    ward = WardFactory()
    submitted.urgent_requested = True
    submitted.save()
    before = timezone.now()

    workflow.report_receive(
        report=submitted,
        actor=ioc,
        category=category,
        level=Report.Level.NORMAL,
        is_public=True,
        corrections={
            "title": "Rác thải ùn ứ trên đường Hùng Vương",
            "content": "Rác ùn ứ nhiều ngày. [Đã ẩn số điện thoại]",
            "address": "45 Hùng Vương",
            "latitude": "16.816700",
            "longitude": "107.100000",
            "ward": ward,
            # Not corrections: the workflow ignores them.
            "status": S.PUBLISHED,
            "code": "PA-1999-000001",
        },
        note="Đã xác minh qua điện thoại.",
    )

    report = Report.objects.get(pk=submitted.pk)
    assert report.status == S.RECEIVED
    assert report.category == category
    # The citizen asked for "urgent"; the IOC decides.
    assert report.level == Report.Level.NORMAL
    assert report.urgent_requested is True
    assert report.is_public is True
    assert report.title == "Rác thải ùn ứ trên đường Hùng Vương"
    assert report.content == "Rác ùn ứ nhiều ngày. [Đã ẩn số điện thoại]"
    assert report.address == "45 Hùng Vương"
    assert (str(report.latitude), str(report.longitude)) == ("16.816700", "107.100000")
    assert report.ward == ward
    assert report.code == submitted.code
    assert before <= report.received_at <= timezone.now()
    event = last_event(report)
    assert (event.note, event.is_public, event.actor) == ("Đã xác minh qua điện thoại.", False, ioc)


def test_receive_without_corrections_keeps_what_the_citizen_wrote(ioc, submitted):
    workflow.report_receive(
        report=submitted,
        actor=ioc,
        category=submitted.category,
        level=Report.Level.URGENT,
        is_public=False,
    )
    report = Report.objects.get(pk=submitted.pk)
    assert (report.title, report.content, report.address) == (
        submitted.title,
        submitted.content,
        submitted.address,
    )
    assert report.level == Report.Level.URGENT
    assert report.is_public is False


# --- Reject -------------------------------------------------------------------------------


def test_reject_needs_a_reason_from_the_list(ioc, submitted):
    refused(
        lambda: workflow.report_reject(report=submitted, actor=ioc, reason="khong-thich"),
        "Hãy chọn lý do từ chối.",
        submitted,
    )
    refused(
        lambda: workflow.report_reject(report=submitted, actor=ioc, reason=""),
        "Hãy chọn lý do từ chối.",
        submitted,
    )


def test_reject_as_duplicate_needs_the_duplicated_report(ioc, submitted, citizen):
    refused(
        lambda: workflow.report_reject(report=submitted, actor=ioc, reason="duplicate"),
        "Hãy cho biết mã phản ánh bị trùng.",
        submitted,
    )
    original = report_in_state(S.RECEIVED)

    workflow.report_reject(report=submitted, actor=ioc, reason="duplicate", duplicate_of=original)

    report = Report.objects.get(pk=submitted.pk)
    assert report.status == S.REJECTED
    assert report.rejection_reason == Report.RejectionReason.DUPLICATE
    assert report.duplicate_of == original
    assert messages_of(citizen) == [
        f"Phản ánh {report.code} không được tiếp nhận. "
        f"Lý do: Trùng với phản ánh khác ({original.code})"
    ]


@pytest.mark.parametrize("note", ["", "   "])
def test_reject_for_another_reason_needs_a_note(ioc, submitted, note):
    refused(
        lambda: workflow.report_reject(report=submitted, actor=ioc, reason="other", note=note),
        "Hãy ghi rõ lý do từ chối.",
        submitted,
    )


def test_the_rejection_reason_is_shown_to_the_reporter(ioc, received, citizen):
    workflow.report_reject(
        report=received, actor=ioc, reason="other", note="Phản ánh về tranh chấp dân sự."
    )

    report = Report.objects.get(pk=received.pk)
    assert report.rejection_reason == Report.RejectionReason.OTHER
    expected = (
        f"Phản ánh {report.code} không được tiếp nhận. "
        "Lý do: Lý do khác: Phản ánh về tranh chấp dân sự."
    )
    assert messages_of(citizen) == [expected]
    event = last_event(report)
    assert event.note == "Lý do khác: Phản ánh về tranh chấp dân sự."
    assert event.is_public is True


def test_the_listed_reason_alone_is_explained_in_words(ioc, submitted, citizen):
    workflow.report_reject(report=submitted, actor=ioc, reason="spam")
    assert messages_of(citizen) == [
        f"Phản ánh {submitted.code} không được tiếp nhận. Lý do: Tin rác, quảng cáo"
    ]


# --- Forward -----------------------------------------------------------------------------


def test_forward_sets_the_agencies_without_the_lead_among_the_co_agencies(ioc, received, lead, co):
    before = timezone.now()
    workflow.report_forward(report=received, actor=ioc, lead_agency=lead, co_agencies=[lead, co])

    report = Report.objects.get(pk=received.pk)
    assert report.status == S.FORWARDED
    assert report.lead_agency == lead
    assert list(report.co_agencies.all()) == [co]
    assert before <= report.forwarded_at <= timezone.now()
    event = last_event(report)
    assert (event.agency, event.is_public) == (lead, True)


@pytest.mark.parametrize("level", [Report.Level.NORMAL, Report.Level.URGENT])
def test_forward_deadline_comes_from_the_category_and_the_level(ioc, citizen, lead, level):
    category = CategoryFactory(processing_days_normal=5, processing_days_urgent=2)
    report = report_in_state(S.RECEIVED, reporter=citizen, category=category, level=level)

    workflow.report_forward(report=report, actor=ioc, lead_agency=lead)

    report.refresh_from_db()
    assert report.deadline == deadlines.processing_deadline(report.forwarded_at, category, level)
    days = 5 if level == Report.Level.NORMAL else 2
    assert report.deadline == deadlines.add_working_days(report.forwarded_at, days)
    assert workflow.suggested_deadline(report, report.forwarded_at) == report.deadline


def test_forward_keeps_a_deadline_the_ioc_chose(ioc, received, lead):
    chosen = timezone.now() + timedelta(days=20)
    workflow.report_forward(report=received, actor=ioc, lead_agency=lead, deadline=chosen)
    assert Report.objects.get(pk=received.pk).deadline == chosen


def test_forward_notifies_the_members_of_the_lead_and_co_agencies(ioc, received, citizen):
    lead, co, other = AgencyFactory(), AgencyFactory(), AgencyFactory()
    role = AgencyMembership.AgencyRole
    lead_officer = AgencyMembershipFactory(agency=lead, role=role.OFFICER).user
    lead_leader = AgencyMembershipFactory(agency=lead, role=role.LEADER).user
    lead_monitor = AgencyMembershipFactory(agency=lead, role=role.MONITOR).user
    lead_gone = AgencyMembershipFactory(agency=lead, user__is_active=False).user
    co_officer = AgencyMembershipFactory(agency=co, role=role.OFFICER).user
    other_officer = AgencyMembershipFactory(agency=other, role=role.OFFICER).user

    workflow.report_forward(report=received, actor=ioc, lead_agency=lead, co_agencies=[co])

    report = Report.objects.get(pk=received.pk)
    deadline = timezone.localtime(report.deadline).strftime("%H:%M %d/%m/%Y")
    message = f"Phản ánh {report.code} được chuyển đến đơn vị để xử lý, hạn {deadline}."
    for member in (lead_officer, lead_leader, co_officer):
        assert messages_of(member) == [message]
    for bystander in (lead_monitor, lead_gone, other_officer, ioc):
        assert messages_of(bystander) == []
    assert messages_of(citizen) == [f"Phản ánh {report.code} đã được chuyển đến {lead.name} xử lý."]


def test_the_suggested_agency_is_the_category_default_else_the_wards_office(citizen):
    default = AgencyFactory()
    ward = WardFactory()
    office = AgencyFactory(kind="commune")
    office.units.add(ward)

    with_default = report_in_state(
        S.RECEIVED, reporter=citizen, category=CategoryFactory(default_agency=default), ward=ward
    )
    without_default = report_in_state(S.RECEIVED, reporter=citizen, ward=ward)
    nowhere = report_in_state(S.RECEIVED, reporter=citizen)

    assert workflow.suggested_agency(with_default) == default
    assert workflow.suggested_agency(without_default) == office
    assert workflow.suggested_agency(nowhere) is None


# --- Recall and return ------------------------------------------------------------------------


def test_recall_clears_the_agencies_and_tells_the_lead(ioc, forwarded, lead_officer):
    refused(
        lambda: workflow.report_recall(report=forwarded, actor=ioc, reason=" "),
        "Hãy ghi lý do thu hồi.",
        forwarded,
    )

    workflow.report_recall(report=forwarded, actor=ioc, reason="Chuyển nhầm đơn vị.")

    report = Report.objects.get(pk=forwarded.pk)
    assert report.status == S.RECEIVED
    assert report.lead_agency is None
    assert not report.co_agencies.exists()
    event = last_event(report)
    assert (event.note, event.is_public) == ("Chuyển nhầm đơn vị.", False)
    assert messages_of(lead_officer) == [f"Phản ánh {report.code} đã được Trung tâm IOC thu hồi."]


@pytest.mark.parametrize("state", [S.FORWARDED, S.IN_PROGRESS])
def test_return_clears_the_agencies_and_tells_the_ioc(ioc, citizen, lead, co, lead_officer, state):
    report = report_in_state(state, reporter=citizen, lead_agency=lead, co_agencies=[co])
    refused(
        lambda: workflow.report_return(report=report, actor=lead_officer, reason=""),
        "Hãy ghi lý do trả lại.",
        report,
    )

    workflow.report_return(report=report, actor=lead_officer, reason="Không thuộc thẩm quyền.")

    report.refresh_from_db()
    assert report.status == S.RECEIVED
    assert report.lead_agency is None
    assert not report.co_agencies.exists()
    event = last_event(report)
    assert (event.agency, event.note, event.is_public) == (lead, "Không thuộc thẩm quyền.", False)
    assert messages_of(ioc) == [
        f"{lead.name} trả lại phản ánh {report.code}: Không thuộc thẩm quyền."
    ]


def test_a_returned_report_can_be_forwarded_to_another_agency(ioc, forwarded, lead_officer):
    workflow.report_return(report=forwarded, actor=lead_officer, reason="Sai thẩm quyền.")
    other = AgencyFactory()
    other_officer = AgencyMembershipFactory(agency=other).user

    workflow.report_forward(report=forwarded, actor=ioc, lead_agency=other)
    workflow.report_accept(report=forwarded, actor=other_officer)

    assert Report.objects.get(pk=forwarded.pk).status == S.IN_PROGRESS
    assert not workflow.can(lead_officer, "accept", Report.objects.get(pk=forwarded.pk))


# --- Answers --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "  \n "])
def test_an_answer_needs_text(in_progress, lead_officer, received, ioc, text):
    refused(
        lambda: workflow.report_answer(report=in_progress, actor=lead_officer, answer=text),
        "Hãy nhập nội dung trả lời.",
        in_progress,
    )
    refused(
        lambda: workflow.report_answer_directly(report=received, actor=ioc, answer=text),
        "Hãy nhập nội dung trả lời.",
        received,
    )


def test_the_agency_answer_sets_resolved_at_and_attaches_files(in_progress, lead_officer, lead):
    photo = AttachmentFactory(report=in_progress)
    minutes = AttachmentFactory(report=in_progress, document=True)
    citizens_photo = AttachmentFactory(report=in_progress)
    before = timezone.now()

    workflow.report_answer(
        report=in_progress,
        actor=lead_officer,
        answer="Đã vá ổ gà ngày 12/3.",
        attachments=[photo, minutes],
    )

    report = Report.objects.get(pk=in_progress.pk)
    assert report.status == S.RESOLVED
    assert report.answer == "Đã vá ổ gà ngày 12/3."
    assert before <= report.resolved_at <= timezone.now()
    assert set(report.attachments.filter(is_answer=True)) == {photo, minutes}
    citizens_photo.refresh_from_db()
    assert citizens_photo.is_answer is False
    assert last_event(report).agency == lead


def test_the_ioc_answers_directly(received, ioc):
    document = AttachmentFactory(report=received, document=True)

    workflow.report_answer_directly(
        report=received, actor=ioc, answer="Đã có kế hoạch sửa.", attachments=[document]
    )

    report = Report.objects.get(pk=received.pk)
    assert (report.status, report.answer) == (S.RESOLVED, "Đã có kế hoạch sửa.")
    assert report.resolved_at is not None
    assert report.lead_agency is None
    document.refresh_from_db()
    assert document.is_answer is True
    assert last_event(report).agency is None


# --- Send back and publish -----------------------------------------------------------------


def test_send_back_needs_a_lead_agency(received, ioc):
    workflow.report_answer_directly(report=received, actor=ioc, answer="Đã có kế hoạch sửa.")
    refused(
        lambda: workflow.report_send_back(report=received, actor=ioc, reason="Bổ sung ảnh."),
        "Phản ánh do Trung tâm IOC trả lời trực tiếp, không có đơn vị để gửi lại.",
        received,
    )
    assert Report.objects.get(pk=received.pk).status == S.RESOLVED
    # The guard is in MOVES: can() no longer offers what the move refuses.
    assert not workflow.can(ioc, "send_back", Report.objects.get(pk=received.pk))


def test_send_back_reopens_the_work_of_the_lead_agency(ioc, citizen, lead, lead_officer):
    report = report_in_state(S.RESOLVED, reporter=citizen, lead_agency=lead)
    refused(
        lambda: workflow.report_send_back(report=report, actor=ioc, reason=""),
        "Hãy ghi lý do yêu cầu xử lý lại.",
        report,
    )

    workflow.report_send_back(report=report, actor=ioc, reason="Chưa có ảnh sau khắc phục.")

    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS
    assert report.resolved_at is None
    assert report.lead_agency == lead
    assert (last_event(report).note, last_event(report).is_public) == (
        "Chưa có ảnh sau khắc phục.",
        False,
    )
    assert messages_of(lead_officer) == [
        f"Kết quả xử lý phản ánh {report.code} cần bổ sung: Chưa có ảnh sau khắc phục."
    ]
    # The agency can answer again.
    workflow.report_answer(report=report, actor=lead_officer, answer="Đã bổ sung ảnh.")
    assert Report.objects.get(pk=report.pk).status == S.RESOLVED


@pytest.mark.parametrize("is_public", [True, False])
def test_publish_sets_published_at_and_public_reports_appear_publicly(
    ioc, citizen, lead, is_public
):
    report = report_in_state(S.RESOLVED, reporter=citizen, lead_agency=lead, is_public=is_public)
    before = timezone.now()

    workflow.report_publish(report=report, actor=ioc)

    report.refresh_from_db()
    assert report.status == S.PUBLISHED
    assert before <= report.published_at <= timezone.now()
    assert Report.objects.public().filter(pk=report.pk).exists() is is_public
    assert Report.objects.visible_to(citizen).filter(pk=report.pk).exists()


# --- Extensions ----------------------------------------------------------------------------


def test_the_new_deadline_must_be_later(forwarded, lead_officer):
    for new_deadline in (forwarded.deadline, forwarded.deadline - timedelta(hours=1)):
        refused(
            lambda d=new_deadline: workflow.extension_request(
                report=forwarded, actor=lead_officer, new_deadline=d, reason="Chờ vật tư."
            ),
            "Hạn mới phải sau hạn hiện tại.",
            forwarded,
        )
    assert not ExtensionRequest.objects.exists()


def test_an_extension_request_needs_a_reason(forwarded, lead_officer):
    refused(
        lambda: workflow.extension_request(
            report=forwarded,
            actor=lead_officer,
            new_deadline=forwarded.deadline + timedelta(days=3),
            reason=" ",
        ),
        "Hãy ghi lý do đề nghị gia hạn.",
        forwarded,
    )


def test_one_pending_extension_at_a_time(forwarded, lead_officer, lead, ioc):
    later = forwarded.deadline + timedelta(days=3)
    first = workflow.extension_request(
        report=forwarded, actor=lead_officer, new_deadline=later, reason="Chờ vật tư."
    )
    assert (first.status, first.agency, first.requested_by) == (
        ExtensionRequest.Status.PENDING,
        lead,
        lead_officer,
    )
    event = last_event(forwarded)
    assert (event.kind, event.note, event.is_public, event.agency) == (
        Kind.EXTENSION_REQUEST,
        "Chờ vật tư.",
        False,
        lead,
    )

    refused(
        lambda: workflow.extension_request(
            report=forwarded,
            actor=lead_officer,
            new_deadline=later + timedelta(days=1),
            reason="Thêm lần nữa.",
        ),
        "Phản ánh đã có một đề nghị gia hạn đang chờ duyệt.",
        forwarded,
    )

    workflow.extension_decide(extension=first, actor=ioc, approve=False)
    second = workflow.extension_request(
        report=forwarded, actor=lead_officer, new_deadline=later, reason="Xin lại."
    )
    assert second.status == ExtensionRequest.Status.PENDING


def test_the_database_allows_one_pending_extension_per_report(forwarded, lead_officer):
    ExtensionRequestFactory(report=forwarded, requested_by=lead_officer)
    ExtensionRequestFactory(
        report=forwarded, requested_by=lead_officer, status=ExtensionRequest.Status.REFUSED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExtensionRequestFactory(report=forwarded, requested_by=lead_officer)
    assert forwarded.extension_requests.count() == 2


def test_an_approved_extension_moves_the_deadline(in_progress, lead_officer, lead, ioc):
    new_deadline = in_progress.deadline + timedelta(days=5)
    extension = workflow.extension_request(
        report=in_progress, actor=lead_officer, new_deadline=new_deadline, reason="Chờ vật tư."
    )
    before = timezone.now()

    workflow.extension_decide(extension=extension, actor=ioc, approve=True, note="Đồng ý.")

    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.APPROVED
    assert extension.decided_by == ioc
    assert before <= extension.decided_at <= timezone.now()
    report = Report.objects.get(pk=in_progress.pk)
    assert report.deadline == new_deadline
    assert report.status == S.IN_PROGRESS
    event = last_event(report)
    shown = timezone.localtime(new_deadline).strftime("%H:%M %d/%m/%Y")
    assert event.kind == Kind.EXTENSION_DECISION
    assert event.note == f"Đã đồng ý gia hạn đến {shown}. Đồng ý."
    assert (event.is_public, event.agency, event.actor) == (True, lead, ioc)
    assert messages_of(lead_officer) == [f"{report.code}: Đã đồng ý gia hạn đến {shown}."]


def test_a_refused_extension_keeps_the_deadline(in_progress, lead_officer, ioc):
    deadline = in_progress.deadline
    extension = workflow.extension_request(
        report=in_progress,
        actor=lead_officer,
        new_deadline=deadline + timedelta(days=5),
        reason="Chờ vật tư.",
    )

    workflow.extension_decide(extension=extension, actor=ioc, approve=False)

    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.REFUSED
    assert Report.objects.get(pk=in_progress.pk).deadline == deadline
    # The refusal is in the history, for staff only.
    event = last_event(in_progress)
    assert (event.kind, event.is_public) == (Kind.EXTENSION_DECISION, False)
    assert event.note.startswith("Không đồng ý gia hạn đến")
    # A request is decided once.
    refused(
        lambda: workflow.extension_decide(extension=extension, actor=ioc, approve=True),
        "Đề nghị gia hạn này đã được xử lý.",
        in_progress,
    )
    assert Report.objects.get(pk=in_progress.pk).deadline == deadline


def test_a_returned_report_does_not_keep_the_old_agencys_pending_extension(
    forwarded, lead_officer, ioc
):
    """Agency A asks for more time, then hands the report back; the IOC forwards it
    to agency B. A's request must not block B's own request, and the IOC must not
    be able to move B's deadline by approving A's stale request."""
    stale = workflow.extension_request(
        report=forwarded,
        actor=lead_officer,
        new_deadline=forwarded.deadline + timedelta(days=30),
        reason="Chờ vật tư.",
    )
    workflow.report_return(report=forwarded, actor=lead_officer, reason="Sai thẩm quyền.")
    other = AgencyFactory()
    other_officer = AgencyMembershipFactory(agency=other).user
    workflow.report_forward(report=forwarded, actor=ioc, lead_agency=other)
    report = Report.objects.get(pk=forwarded.pk)

    stale.refresh_from_db()
    assert stale.status != ExtensionRequest.Status.PENDING
    own = workflow.extension_request(
        report=report,
        actor=other_officer,
        new_deadline=report.deadline + timedelta(days=2),
        reason="Chờ khảo sát.",
    )
    assert own.agency == other


# --- Progress notes and opinions ---------------------------------------------------------------


def test_progress_notes_are_public_or_internal_in_the_timeline(
    in_progress, lead_officer, lead, citizen, ioc
):
    refused(
        lambda: workflow.report_add_progress(
            report=in_progress, actor=lead_officer, note="", public=True
        ),
        "Hãy nhập nội dung ghi chú.",
        in_progress,
    )
    public = workflow.report_add_progress(
        report=in_progress, actor=lead_officer, note="Đã khảo sát hiện trường.", public=True
    )
    internal = workflow.report_add_progress(
        report=in_progress, actor=lead_officer, note="Chờ kinh phí quý II.", public=False
    )
    assert (public.kind, public.agency, public.is_public) == (Kind.PROGRESS, lead, True)
    assert (internal.kind, internal.is_public) == (Kind.PROGRESS, False)
    assert Report.objects.get(pk=in_progress.pk).status == S.IN_PROGRESS

    for outsider in (citizen, UserFactory(), AnonymousUser()):
        timeline = list(selectors.timeline_for(user=outsider, report=in_progress))
        assert public in timeline
        assert internal not in timeline
    staff_timeline = list(selectors.timeline_for(user=ioc, report=in_progress))
    assert staff_timeline[-2:] == [public, internal]


def test_an_opinion_comes_only_from_a_co_agency(in_progress, co, co_officer, lead_officer, lead):
    refused(
        lambda: workflow.report_add_opinion(
            report=in_progress, actor=lead_officer, agency=lead, note="Ý kiến."
        ),
        "Bạn không có quyền thực hiện thao tác này với phản ánh.",
        in_progress,
    )
    refused(
        lambda: workflow.report_add_opinion(
            report=in_progress, actor=co_officer, agency=AgencyFactory(), note="Ý kiến."
        ),
        "Đơn vị này không phối hợp xử lý phản ánh.",
        in_progress,
    )
    refused(
        lambda: workflow.report_add_opinion(
            report=in_progress, actor=co_officer, agency=co, note=" "
        ),
        "Hãy nhập ý kiến.",
        in_progress,
    )

    opinion = workflow.report_add_opinion(
        report=in_progress, actor=co_officer, agency=co, note="Cần rào chắn khi thi công."
    )

    assert (opinion.kind, opinion.agency, opinion.is_public, opinion.actor) == (
        Kind.OPINION,
        co,
        False,
        co_officer,
    )
    assert messages_of(lead_officer) == [f"{co.name} góp ý về phản ánh {in_progress.code}."]


def test_an_officer_gives_opinions_only_in_the_name_of_their_own_agency(
    in_progress, co, co_officer
):
    """Two co-processing agencies: an officer of one must not post in the other's
    name (any refusal message will do, as long as it is refused)."""
    second = AgencyFactory(name="Điện lực Quảng Trị")
    in_progress.co_agencies.add(second)

    with pytest.raises(WorkflowError):
        workflow.report_add_opinion(
            report=in_progress, actor=co_officer, agency=second, note="Ý kiến mạo danh."
        )

    assert not in_progress.events.filter(kind=Kind.OPINION).exists()


# --- A stale copy of the report ------------------------------------------------------------------


def test_moves_check_the_state_in_the_database_not_the_callers_copy(submitted, ioc):
    stale = Report.objects.get(pk=submitted.pk)
    workflow.report_reject(report=submitted, actor=ioc, reason="spam")

    refused(
        lambda: workflow.report_receive(
            report=stale, actor=ioc, category=stale.category, level="normal", is_public=True
        ),
        "Không thể thực hiện thao tác này khi phản ánh đang ở trạng thái “Từ chối”.",
        submitted,
    )


# --- Overdue -------------------------------------------------------------------------------------


AWAITING = {S.SUBMITTED, S.RECEIVED, S.FORWARDED, S.IN_PROGRESS}


def test_overdue_is_the_same_in_the_queryset_the_annotation_and_the_property(citizen):
    now = timezone.now()
    expected = set()
    for state in S.values:
        for deadline in (now - timedelta(minutes=5), now + timedelta(days=1), None):
            report = report_in_state(state, reporter=citizen, deadline=deadline)
            if deadline is not None and deadline < now and state in AWAITING:
                expected.add(report.pk)
    assert len(expected) == 4

    assert set(Report.objects.overdue().values_list("pk", flat=True)) == expected
    annotated = list(Report.objects.with_overdue())
    assert {report.pk for report in annotated if report.is_overdue} == expected
    assert {report.pk for report in annotated if report.overdue} == expected
    assert {report.pk for report in Report.objects.all() if report.overdue} == expected


@pytest.mark.parametrize("state", [S.RESOLVED, S.PUBLISHED, S.REJECTED, S.DRAFT])
def test_answered_rejected_and_draft_reports_are_never_overdue(citizen, lead, state):
    report = report_in_state(state, reporter=citizen, deadline=timezone.now() - timedelta(days=30))
    assert not Report.objects.overdue().filter(pk=report.pk).exists()
    assert Report.objects.with_overdue().get(pk=report.pk).is_overdue is False
    assert report.overdue is False


def test_overdue_at_a_given_moment(forwarded):
    deadline = forwarded.deadline
    assert not Report.objects.overdue(deadline - timedelta(seconds=1)).exists()
    assert not Report.objects.overdue(deadline).exists()
    assert list(Report.objects.overdue(deadline + timedelta(seconds=1))) == [forwarded]
    assert Report.objects.with_overdue(deadline + timedelta(seconds=1)).get().is_overdue


def test_answering_a_late_report_ends_its_overdue(in_progress, lead_officer):
    Report.objects.filter(pk=in_progress.pk).update(deadline=timezone.now() - timedelta(days=1))
    assert Report.objects.get(pk=in_progress.pk).overdue

    workflow.report_answer(report=in_progress, actor=lead_officer, answer="Đã xử lý.")

    assert Report.objects.get(pk=in_progress.pk).overdue is False
    assert not Report.objects.overdue().exists()

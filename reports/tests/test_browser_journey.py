"""The whole journey of a report in Chromium (issue 4, "Tests and proof"): a
citizen sends it from a phone; the IOC operator receives and forwards it in the
admin; the agency officer accepts and answers it on the triage dashboard; the
IOC publishes the answer; the citizen logs in again, follows the notification
and reads the answer. Each person has their own browser (citizen at phone
width, staff at desktop width); every step is checked in the page and in the
database, and the citizen's answer page and the dashboard's report page with
axe-core."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts import sms
from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import DESKTOP, PHONE, assert_accessible
from phananh.testing.browser import log_in as log_in_through_the_form
from reports.models import AgencyMembership, Attachment, Notification, Report, ReportEvent
from reports.notifications import kinds

from .factories import AgencyFactory, AgencyMembershipFactory, CategoryFactory, WardFactory
from .helpers import CODE_PATTERN, CREATE_URL, LOGIN_URL, NOTIFICATIONS_URL, detail_url, jpeg_bytes
from .report_form_steps import CONTENT as CONTENT_STEP
from .report_form_steps import PLACE, choose_photos, show_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = Report.Status

CITIZEN_PHONE = "+84912000333"
IOC_PHONE = "+84912000444"
OFFICER_PHONE = "+84912000555"

TITLE = "Đèn đường hỏng cả dãy phố"
CONTENT = "Cả dãy đèn trên đường Hùng Vương tắt từ ba hôm nay, buổi tối rất tối và nguy hiểm."
ANSWER = "Đã thay bóng và sửa tủ điện, toàn bộ dãy đèn đã sáng lại từ tối nay."


def national(phone: str) -> str:
    """+84912000333 -> "0912 000 333", as people type it."""
    digits = "0" + phone.removeprefix("+84")
    return f"{digits[:4]} {digits[4:7]} {digits[7:]}"


@pytest.fixture
def open_browser(browser, live_server):
    """A fresh browser (its own cookies) per person, closed after the test."""
    contexts = []

    def open_page(viewport):
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, phone):
    log_in_through_the_form(page, national(phone), PASSWORD, start=LOGIN_URL)
    page.get_by_text("Đăng nhập thành công.").wait_for()


def log_in_to_admin(page, phone):
    # The admin's login sends staff to the portal's login page, then back.
    log_in_through_the_form(
        page, national(phone), PASSWORD, start="/admin/login/?next=/admin/reports/report/"
    )
    page.locator("#changelist").wait_for()


def open_admin_action(page, report, label):
    """From the report's admin page, the workflow button `label` to its form."""
    page.goto(f"/admin/reports/report/{report.pk}/change/")
    page.locator(".pa-workflow").get_by_role("link", name=label, exact=True).click()
    page.get_by_role("heading", name=f"{label} phản ánh {report.code}").wait_for()


def submit_admin_action(page, label, message):
    page.locator("#workflow_form").get_by_role("button", name=label).click()
    expect(page.locator(".messagelist")).to_contain_text(message)


def history(report):
    """(from, to, kind, actor) of every history entry, oldest first."""
    return list(report.events.values_list("from_status", "to_status", "kind", "actor__phone"))


def test_citizen_report_goes_through_ioc_and_agency_and_comes_back_answered(
    open_browser, roles, tmp_path
):
    citizen = UserFactory(phone=CITIZEN_PHONE, full_name="Nguyễn Văn An")
    operator = UserFactory(phone=IOC_PHONE, full_name="Trần Thị Điều Hành", is_staff=True)
    operator.groups.add(Group.objects.get(name="Điều hành IOC"))
    agency = AgencyFactory(name="Công ty Chiếu sáng đô thị", code="chieu-sang")
    officer = AgencyMembershipFactory(
        agency=agency,
        role=AgencyMembership.AgencyRole.OFFICER,
        user__phone=OFFICER_PHONE,
        user__full_name="Lê Văn Cán Bộ",
    ).user
    category = CategoryFactory(
        name="Điện chiếu sáng", slug="dien-chieu-sang", default_agency=agency
    )
    centre_lat, centre_lon = settings.LEAFLET_CONFIG["DEFAULT_CENTER"]
    (south, west), (north, east) = settings.PROVINCE_BOUNDS
    assert south < centre_lat < north and west < centre_lon < east
    ward = WardFactory(name="Phường Đông Lương", latitude=centre_lat + 0.01, longitude=centre_lon)
    assert ward.parent.level == ward.parent.Level.PROVINCE
    photo = tmp_path / "den-hong.jpg"
    photo.write_bytes(jpeg_bytes(size=(640, 480), color="black"))
    answer_photo = tmp_path / "den-sang.jpg"
    answer_photo.write_bytes(jpeg_bytes(size=(640, 480), color="yellow"))

    # --- The citizen sends the report from a phone. -----------------------------------
    citizen_page = open_browser(PHONE)
    log_in(citizen_page, CITIZEN_PHONE)
    citizen_page.goto(CREATE_URL)
    citizen_page.locator("#report-map .leaflet-tile-loaded").first.wait_for(state="attached")
    choose_photos(citizen_page, photo)  # the phone's form: 1 Ảnh, 2 Nội dung, 3 Vị trí
    show_step(citizen_page, CONTENT_STEP)
    citizen_page.get_by_label(re.compile(r"^Tiêu đề")).fill(TITLE)
    citizen_page.get_by_label("Nội dung phản ánh").fill(CONTENT)
    citizen_page.get_by_label("Chuyên mục").select_option(label="Điện chiếu sáng")
    show_step(citizen_page, PLACE)
    citizen_page.locator("#report-map").click()  # its centre
    expect(citizen_page.get_by_label("Phường, xã", exact=True)).to_have_value(str(ward.pk))
    citizen_page.get_by_role("button", name="Gửi", exact=True).click()
    citizen_page.get_by_text(
        re.compile(r"Phản ánh đã được gửi thành công, mã PA-\d{4}-\d{6}\.")
    ).wait_for()

    report = Report.objects.get()
    assert CODE_PATTERN.fullmatch(report.code)
    assert (report.status, report.reporter, report.category, report.ward) == (
        Status.SUBMITTED,
        citizen,
        category,
        ward,
    )
    assert report.attachments.get().original_name == "den-hong.jpg"
    assert history(report) == [
        (Status.DRAFT, Status.SUBMITTED, ReportEvent.Kind.TRANSITION, CITIZEN_PHONE)
    ]
    citizen_page.goto("/tai-khoan/logout/")
    citizen_page.get_by_role("button", name="Xác nhận đăng xuất").click()
    citizen_page.get_by_text("Bạn đã đăng xuất.").wait_for()

    # --- The IOC operator finds it in the admin, receives and forwards it. ---------------
    ioc_page = open_browser(DESKTOP)
    log_in_to_admin(ioc_page, IOC_PHONE)
    ioc_page.get_by_role("link", name=report.code).click()
    ioc_page.get_by_role("heading", name=f"Phản ánh {report.code}").wait_for()
    workflow_buttons = ioc_page.locator(".pa-workflow a[data-action]")
    expect(workflow_buttons).to_have_text(["Tiếp nhận", "Từ chối"])
    # Only the IOC sees the reporter's phone number.
    expect(ioc_page.locator(".field-reporter_phone")).to_contain_text("0912 000 333")

    open_admin_action(ioc_page, report, "Tiếp nhận")
    expect(ioc_page.get_by_label("Chuyên mục")).to_have_value(str(category.pk))
    expect(ioc_page.get_by_label("Công khai phản ánh")).to_be_checked()
    submit_admin_action(ioc_page, "Tiếp nhận", f"Đã tiếp nhận phản ánh {report.code}.")
    report.refresh_from_db()
    assert report.status == Status.RECEIVED
    assert report.is_public and report.level == Report.Level.NORMAL
    expect(workflow_buttons).to_contain_text(["Chuyển xử lý"])

    open_admin_action(ioc_page, report, "Chuyển xử lý")
    # The category's default agency is suggested.
    expect(ioc_page.get_by_label("Cơ quan chủ trì")).to_have_value(str(agency.pk))
    expect(ioc_page.get_by_label("Hạn xử lý")).not_to_have_value("")
    submit_admin_action(
        ioc_page, "Chuyển xử lý", f"Đã chuyển phản ánh {report.code} đến {agency.name}"
    )
    report.refresh_from_db()
    assert report.status == Status.FORWARDED
    assert report.lead_agency == agency and report.deadline is not None
    assert Notification.objects.filter(
        recipient=officer, report=report, kind=kinds.FORWARDED_TO_AGENCY
    ).exists()
    expect(ioc_page.locator(".fieldBox.field-status_badge")).to_contain_text("Đã chuyển xử lý")

    # --- The agency officer accepts and answers it on the dashboard. -------------------
    officer_page = open_browser(DESKTOP)
    log_in(officer_page, OFFICER_PHONE)
    officer_page.goto("/xu-ly/")
    officer_page.get_by_role("heading", name="Xử lý phản ánh").wait_for()
    officer_page.get_by_role("link", name=TITLE).click()
    officer_page.get_by_role("heading", name=TITLE).wait_for()
    expect(officer_page.locator(".facts")).to_contain_text("Nguyễn Văn An")

    officer_page.get_by_role("button", name="Nhận xử lý phản ánh").click()
    officer_page.get_by_text(f"Đã nhận xử lý phản ánh {report.code}.").wait_for()
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS

    for summary in officer_page.locator(".triage-action summary").all():
        summary.click()
    assert_accessible(officer_page)

    answer_form = officer_page.locator("#action-answer")
    answer_form.get_by_label("Nội dung trả lời").fill(ANSWER)
    answer_form.get_by_label("Hình ảnh kết quả").set_input_files(answer_photo)
    answer_form.get_by_role("button", name="Gửi kết quả").click()
    officer_page.get_by_text(
        f"Đã gửi kết quả xử lý phản ánh {report.code}, chờ Trung tâm IOC đăng tải."
    ).wait_for()
    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    assert report.answer == ANSWER
    answer_file = report.attachments.get(is_answer=True)
    assert (answer_file.kind, answer_file.original_name) == (Attachment.Kind.IMAGE, "den-sang.jpg")
    expect(officer_page.get_by_role("region", name="Kết quả trả lời")).to_contain_text(ANSWER)
    expect(officer_page.get_by_text("Không có thao tác nào ở trạng thái hiện tại.")).to_be_visible()

    # --- The citizen logs in again: the answer waits for the IOC. -------------------------
    log_in(citizen_page, CITIZEN_PHONE)
    citizen_page.goto(detail_url(report.code))
    citizen_page.get_by_role("heading", name=TITLE).wait_for()
    expect(citizen_page.locator(".report-card__meta")).to_contain_text(
        "Đã có kết quả (chờ đăng tải)"
    )
    expect(citizen_page.get_by_role("heading", name="Kết quả xử lý")).to_have_count(0)
    expect(citizen_page.get_by_text(ANSWER)).to_have_count(0)

    # --- The IOC publishes the answer. ----------------------------------------------------
    assert Notification.objects.filter(
        recipient=operator, report=report, kind=kinds.ANSWER_TO_PUBLISH
    ).exists()
    open_admin_action(ioc_page, report, "Đăng tải kết quả")
    expect(ioc_page.locator(".pa-summary")).to_contain_text(ANSWER)
    submit_admin_action(
        ioc_page, "Đăng tải kết quả", f"Đã đăng tải kết quả phản ánh {report.code}."
    )
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED and report.published_at is not None
    assert history(report) == [
        (Status.DRAFT, Status.SUBMITTED, ReportEvent.Kind.TRANSITION, CITIZEN_PHONE),
        (Status.SUBMITTED, Status.RECEIVED, ReportEvent.Kind.TRANSITION, IOC_PHONE),
        (Status.RECEIVED, Status.FORWARDED, ReportEvent.Kind.TRANSITION, IOC_PHONE),
        (Status.FORWARDED, Status.IN_PROGRESS, ReportEvent.Kind.TRANSITION, OFFICER_PHONE),
        (Status.IN_PROGRESS, Status.RESOLVED, ReportEvent.Kind.TRANSITION, OFFICER_PHONE),
        (Status.RESOLVED, Status.PUBLISHED, ReportEvent.Kind.TRANSITION, IOC_PHONE),
    ]
    events = list(report.events.all())
    assert [event.is_public for event in events] == [True] * 6  # the receipt is public too
    assert events[2].agency == events[3].agency == events[4].agency == agency
    assert [message.body for message in sms.outbox if message.to == CITIZEN_PHONE] == [
        f"Phản ánh {report.code} đã được Trung tâm IOC tiếp nhận.",
        f"Phản ánh {report.code} đã có kết quả xử lý. Mời bạn xem và đánh giá.",
    ]

    # --- The citizen follows the notification to the answer. ------------------------------
    citizen_page.goto(NOTIFICATIONS_URL)
    published_notice = citizen_page.get_by_role(
        "link", name=f"Phản ánh {report.code} đã có kết quả xử lý. Mời bạn xem và đánh giá."
    )
    expect(published_notice).to_contain_text("Mới")
    published_notice.click()
    citizen_page.get_by_role("heading", name="Kết quả xử lý").wait_for()
    assert citizen_page.url.endswith(detail_url(report.code))
    expect(citizen_page.locator(".answer")).to_contain_text(ANSWER)
    expect(citizen_page.locator(".report-card__meta")).to_contain_text("Đã xử lý")
    expect(citizen_page.locator(".timeline li")).to_have_count(6)  # every step, the receipt too
    assert_accessible(citizen_page)
    notice = Notification.objects.get(recipient=citizen, kind=kinds.ANSWER_PUBLISHED)
    assert notice.report == report and notice.read_at is not None

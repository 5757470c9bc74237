"""The admin entirely in Vietnamese (issue 14, defect 11): every message of Django's
admin, auth and contenttypes catalogues, in both domains, has Vietnamese (Django's own
Vietnamese lacks about 200; locale_django/ supplies them), the admin's JavaScript
catalogue carries them, and an IOC operator's pages show no English word."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from babel.messages.pofile import read_po
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import assert_accessible, log_in
from reports.models import Category, Report

from .admin_actions_world import Status, action_url, change_url
from .admin_actions_world import operator_client as operator_client
from .factories import (
    AgencyMembershipFactory,
    CategoryFactory,
    IocOperatorFactory,
    report_in_state,
)

pytestmark = pytest.mark.django_db

DJANGO_DIR = Path(django.__file__).parent
CATALOGUES = [
    ("contrib/admin", "django"),
    ("contrib/admin", "djangojs"),
    ("contrib/auth", "django"),
    ("contrib/contenttypes", "django"),
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")
LIST_URL = "/admin/reports/report/"
# English an IOC operator must never read in the admin.
ENGLISH = (
    "Show counts",
    "Hide counts",
    "Search ",
    "Run",
    "Please correct",
    "Toggle theme",
    "Select an option",
    "Filter",
    "Save and",
    "Save",
    "Delete",
    "History",
    "Skip to main content",
    "Log out",
)


def english_messages():
    for app, domain in CATALOGUES:
        with open(DJANGO_DIR / app / "locale/en/LC_MESSAGES" / f"{domain}.po", "rb") as po:
            for message in read_po(po):
                if message.id:
                    yield pytest.param(domain, message, id=f"{app}:{domain}:{message.id!r:.60}")


def vietnamese(domain, message) -> str:
    """What the vi catalogues give for `message`, the singular when it has a plural."""
    singular = message.id if isinstance(message.id, str) else message.id[0]
    key = f"{message.context}\x04{singular}" if message.context else singular
    if domain == "djangojs":
        catalog = DjangoTranslation("vi", domain="djangojs")
        found = catalog.ngettext(key, key, 1) if message.pluralizable else catalog.gettext(key)
        return "" if found == key else found
    with translation.override("vi"):
        if message.pluralizable:
            plural = message.id[1]
            if message.context:
                return translation.npgettext(message.context, singular, plural, 1)
            return translation.ngettext(singular, plural, 1)
        if message.context:
            return translation.pgettext(message.context, singular)
        return translation.gettext(singular)


@pytest.mark.parametrize(("domain", "message"), list(english_messages()))
def test_every_message_of_the_admin_has_vietnamese(domain, message):
    singular = message.id if isinstance(message.id, str) else message.id[0]

    found = vietnamese(domain, message)

    assert found.strip()
    # Only placeholders and punctuation (", ", "%(class_name)s %(instance)s"): nothing to
    # translate, so the Vietnamese is the msgid itself.
    if re.search(r"[A-Za-z]", PLACEHOLDER.sub("", singular)):
        assert found != singular
    assert sorted(PLACEHOLDER.findall(found)) == sorted(PLACEHOLDER.findall(singular))


def test_the_admin_javascript_catalogue_is_vietnamese(operator_client):
    response = operator_client.get("/admin/jsi18n/")

    assert response.status_code == 200
    catalog = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)[1]
    )
    # SelectFilter (the two-box pickers), the calendar and the clock.
    assert catalog["Choose all %s"] == "Chọn tất cả %s"
    assert catalog["Remove all %s"] == "Bỏ chọn tất cả %s"
    assert catalog["Available %s"] == "Các %s có thể chọn"
    assert catalog["Today (%(date)s)"] == "Hôm nay (%(date)s)"
    assert catalog["Monday"] == "Thứ Hai"
    assert catalog["abbrev. day Monday\x04Mon"] == "T2"
    assert catalog["January"] == "Tháng Một"
    assert catalog["Now"] == "Bây giờ"


# --- What an IOC operator reads ------------------------------------------------------


class _ReadableText(HTMLParser):
    """The words of a page a person reads or hears: text outside scripts and styles,
    the labels of buttons, titles, placeholders and alternative texts."""

    SKIPPED = {"script", "style", "template"}
    SPOKEN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.skipping += tag in self.SKIPPED
        self.parts += [attributes[name] or "" for name in self.SPOKEN if name in attributes]
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def readable(response) -> str:
    parser = _ReadableText()
    parser.feed(response.content.decode())
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def english_in(response) -> list[str]:
    page = readable(response)
    return [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}", page)]


def test_the_admin_index_is_vietnamese(operator_client):
    response = operator_client.get("/admin/")

    assert response.status_code == 200
    assert english_in(response) == []
    assert "Hiện số lượng" not in readable(response)  # (no list here)
    assert "Đổi giao diện sáng/tối" in readable(response)


def test_the_report_list_with_a_filter_and_a_search_is_vietnamese(operator_client):
    report_in_state(Status.SUBMITTED, title="Ổ gà trên đường Lê Duẩn")
    report_in_state(Status.FORWARDED, title="Đèn đường hỏng")

    response = operator_client.get(LIST_URL, {"status__exact": Status.SUBMITTED, "q": "duong"})

    assert response.status_code == 200
    assert [report.title for report in response.context["cl"].result_list] == [
        "Ổ gà trên đường Lê Duẩn"
    ]
    assert english_in(response) == []
    page = readable(response)
    for shown in ("Hiện số lượng", "Bộ lọc", "Xoá tất cả bộ lọc", "Tìm kiếm", "Thực hiện"):
        assert shown in page, shown
    assert "- Chọn một mục -" in page  # the action box's blank choice


def test_the_report_page_and_an_action_form_with_an_error_are_vietnamese(operator_client):
    report = report_in_state(Status.SUBMITTED, title="Ổ gà trên đường Lê Duẩn")

    page = operator_client.get(change_url(report))
    refused = operator_client.post(action_url(report, "reject"), {"reason": "other"})

    assert page.status_code == 200
    assert english_in(page) == []
    assert "Lịch sử" in readable(page)
    assert "Hãy ghi rõ lý do từ chối." in readable(refused)
    assert english_in(refused) == []
    assert "Vui lòng sửa lỗi bên dưới." in readable(refused)
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_a_category_form_with_an_error_is_vietnamese(operator_client):
    category = CategoryFactory(name="Giao thông")
    url = f"/admin/reports/category/{category.pk}/change/"

    response = operator_client.post(
        url, {"name": "", "slug": category.slug, "order": 10, "is_active": "on"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert english_in(response) == []
    page = readable(response)
    for shown in ("Vui lòng sửa lỗi bên dưới.", "Lưu", "Lịch sử", "Trường này là bắt buộc."):
        assert shown in page, shown
    assert Category.objects.get(pk=category.pk).name == "Giao thông"


def test_the_add_form_of_a_category_is_vietnamese(client):
    # An operator may change categories, not add them: the portal's administrator does.
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/admin/reports/category/add/")

    assert response.status_code == 200
    assert english_in(response) == []
    page = readable(response)
    for shown in ("Lưu và thêm mới", "Lưu và tiếp tục chỉnh sửa", "Tài khoản liên kết"):
        assert shown in page, shown


def test_another_list_with_a_search_is_vietnamese(operator_client):
    CategoryFactory(name="Giao thông")

    response = operator_client.get("/admin/reports/category/", {"q": "giao", "is_active__exact": 1})

    assert response.status_code == 200
    assert english_in(response) == []
    assert 'alt="Tìm kiếm"' in response.content.decode()  # the search box's name
    assert "{#" not in readable(response)


def test_an_agency_page_with_its_members_is_vietnamese(operator_client):
    membership = AgencyMembershipFactory()

    response = operator_client.get(f"/admin/reports/agency/{membership.agency.pk}/change/")

    assert response.status_code == 200
    assert english_in(response) == []
    assert not re.search(r"\bUser\b", readable(response), re.I)  # the members' column
    assert "Thành viên" in readable(response)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_report_list_in_a_browser_is_vietnamese_and_accessible(page):
    IocOperatorFactory(phone="+84912000445")
    report_in_state(Status.SUBMITTED, title="Ổ gà trên đường Lê Duẩn")
    log_in(page, "0912 000 445", PASSWORD, start="/admin/login/?next=/admin/")

    page.goto(f"{LIST_URL}?status__exact={Status.SUBMITTED}&q=duong")

    page.get_by_role("link", name="Hiện số lượng").wait_for()
    body = page.inner_text("body")
    assert [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}", body)] == []
    assert_accessible(page)

"""No list or API page takes more queries when it shows more rows or the
database holds more reports (README §10). Each page is counted cold, with the
visitors' page cache emptied, once over a small world and once over a world
four times larger. The timings are the benchmark's (bench/), never a test's."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory

from .factories import (
    AgencyMembershipFactory,
    AttachmentFactory,
    CategoryFactory,
    IocOperatorFactory,
    WardFactory,
    report_in_state,
)
from .helpers import DONG_HA

pytestmark = pytest.mark.django_db

BOX = "106.5,16.3,107.6,17.3"


class World:
    """Reports in every list: public ones with photos and history, one
    citizen's, one agency's (lead and co-processing, some overdue)."""

    def __init__(self):
        self.category = CategoryFactory(slug="giao-thong")
        self.ward = WardFactory()
        self.citizen = UserFactory(full_name="Nguyễn Văn An")
        self.officer = AgencyMembershipFactory().user
        self.agency = self.officer.agency_memberships.get().agency
        self.operator = IocOperatorFactory()

    def grow(self, count: int):
        past = timezone.now() - timedelta(days=1)
        for n in range(count):
            status = ("published", "forwarded", "in_progress", "resolved")[n % 4]
            fields = {
                "is_public": True,
                "category": self.category,
                "ward": self.ward,
                "reporter": self.citizen,
                "title": f"Ổ gà đường Lê Duẩn số {n}",
                "latitude": DONG_HA[0] + n / 10_000,
                "longitude": DONG_HA[1],
                "level": "urgent" if n % 2 else "normal",
            }
            if status != "published":
                fields["deadline"] = past  # the overdue badge
            if n % 3:
                report = report_in_state(status, lead_agency=self.agency, **fields)
            else:
                report = report_in_state(status, co_agencies=[self.agency], **fields)
            AttachmentFactory(report=report)
            AttachmentFactory(report=report)
            report.events.create(to_status=status, actor=self.operator, note="Đã chuyển.")


@pytest.fixture
def world():
    return World()


def queries_of(client, url) -> int:
    client.get(url)  # once to fill the per-process caches (the current Site, content types)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


PUBLIC_PAGES = [
    "/",
    "/?tab=khan",
    "/?tab=da-xu-ly",
    "/?category=giao-thong",
    "/?q=o+ga+le+duan",
    f"/ban-do/du-lieu.geojson?bbox={BOX}&zoom=9",
    f"/ban-do/du-lieu.geojson?bbox={BOX}&zoom=16",
    "/open311/v2/requests.json",
    "/open311/v2/requests.xml",
    "/open311/v2/requests.json?status=open&service_code=giao-thong",
    "/phan-anh/moi.atom",
    "/phan-anh/chuyen-muc/giao-thong.atom",
    "/thong-ke/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages(client, world, url):
    world.grow(3)
    few = queries_of(client, url)
    world.grow(12)
    assert queries_of(client, url) == few


def test_a_deeper_page_of_the_list(client, world):
    world.grow(12)  # 15 reports: five on page 2
    few = queries_of(client, "/?page=2")
    world.grow(30)
    assert queries_of(client, "/?page=2") == few


def test_the_report_page_and_the_ward_feed(client, world):
    world.grow(3)
    report = world.citizen.reports.filter(status="published").first()
    pages = [
        reverse("reports:detail", args=[report.code]),
        f"/phan-anh/dia-ban/{world.ward.code}.atom",
    ]
    few = [queries_of(client, url) for url in pages]
    world.grow(12)
    assert [queries_of(client, url) for url in pages] == few


@pytest.mark.parametrize(
    "who, url",
    [
        ("citizen", "/ca-nhan/phan-anh/"),
        ("citizen", "/ca-nhan/phan-anh/?status=forwarded"),
        ("officer", "/xu-ly/?tab=moi"),
        ("officer", "/xu-ly/?tab=dang-xu-ly"),
        ("officer", "/xu-ly/?tab=qua-han"),
        ("officer", "/xu-ly/?tab=da-tra-loi"),
        ("operator", "/admin/reports/report/"),
        ("operator", "/admin/reports/report/?status__exact=forwarded"),
        ("operator", "/admin/reports/report/?q=0901234567"),
        ("operator", "/admin/reports/report/?q=le+duan"),
    ],
)
def test_logged_in_lists(client, world, who, url):
    client.force_login(getattr(world, who))
    world.grow(3)
    few = queries_of(client, url)
    world.grow(12)
    assert queries_of(client, url) == few

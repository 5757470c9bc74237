"""The Atom feeds of newly published reports, read back with feedparser."""

from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Report

from .factories import CategoryFactory, ReportFactory, WardFactory

pytestmark = pytest.mark.django_db


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def codes(feed):
    return [entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in feed.entries]


@pytest.fixture
def world():
    roads = CategoryFactory(name="Giao thông, đường sá", slug="giao-thong")
    light = CategoryFactory(name="Chiếu sáng công cộng", slug="chieu-sang")
    dong_ha, cam_lo = WardFactory(name="Phường Đông Hà"), WardFactory(name="Xã Cam Lộ")
    now = timezone.now()
    older = ReportFactory(
        published=True,
        category=roads,
        ward=dong_ha,
        title="Ổ gà trên Đường Lê Duẩn",
        answer="Sở Giao thông đã vá mặt đường ngày 12/3.",
        published_at=now - timedelta(days=2),
        reporter__full_name="Nguyễn Văn Bí Mật",
    )
    newer = ReportFactory(
        published=True, category=light, ward=cam_lo, published_at=now - timedelta(hours=1)
    )
    hidden = ReportFactory(published=True, category=roads, ward=dong_ha, is_public=False)
    in_progress = ReportFactory(
        submitted=True,
        category=roads,
        ward=dong_ha,
        status=Report.Status.IN_PROGRESS,
        is_public=True,
    )
    return {
        "roads": roads,
        "light": light,
        "dong_ha": dong_ha,
        "cam_lo": cam_lo,
        "older": older,
        "newer": newer,
        "hidden": hidden,
        "in_progress": in_progress,
    }


def test_overall_feed_lists_published_public_reports_newest_first(client, world):
    feed = read(client, reverse("reports:feed"))
    assert codes(feed) == [world["newer"].code, world["older"].code]
    assert feed.feed.title
    assert feed.feed.links


def test_entry_content(client, world):
    feed = read(client, reverse("reports:feed"))
    entry = feed.entries[1]
    report = world["older"]
    assert entry.title == f"{report.code} – Ổ gà trên Đường Lê Duẩn"
    assert entry.link.endswith(f"/phan-anh/{report.code}/")
    assert report.content in entry.summary
    assert "Sở Giao thông đã vá mặt đường" in entry.summary
    assert [tag.term for tag in entry.tags] == ["Giao thông, đường sá"]
    published = entry.published_parsed
    expected = report.published_at.astimezone(timezone.UTC).timetuple()
    assert tuple(published)[:6] == tuple(expected)[:6]


def test_no_personal_data(client, world):
    response = client.get(reverse("reports:feed"))
    text = response.content.decode()
    assert "Bí Mật" not in text
    assert str(world["older"].reporter.phone).lstrip("+") not in text
    assert "<author>" not in text


def test_category_feed(client, world):
    feed = read(client, reverse("reports:feed_category", args=["giao-thong"]))
    assert codes(feed) == [world["older"].code]
    assert "Giao thông, đường sá" in feed.feed.title
    feed = read(client, reverse("reports:feed_category", args=["chieu-sang"]))
    assert codes(feed) == [world["newer"].code]


def test_ward_feed(client, world):
    feed = read(client, reverse("reports:feed_ward", args=[world["cam_lo"].code]))
    assert codes(feed) == [world["newer"].code]
    assert "Xã Cam Lộ" in feed.feed.title
    feed = read(client, reverse("reports:feed_ward", args=[world["dong_ha"].code]))
    assert codes(feed) == [world["older"].code]


def test_unknown_category_or_ward_is_404(client, world):
    assert client.get(reverse("reports:feed_category", args=["khong-co"])).status_code == 404
    assert client.get(reverse("reports:feed_ward", args=["X99999"])).status_code == 404


def test_feed_holds_fifty_items():
    category = CategoryFactory()
    ReportFactory.create_batch(52, published=True, category=category)
    from django.test import Client

    feed = read(Client(), reverse("reports:feed"))
    assert len(feed.entries) == 50


def test_pages_advertise_the_feed(client):
    response = client.get(reverse("reports:home"))
    assert 'type="application/atom+xml"' in response.content.decode()
    assert reverse("reports:feed") in response.content.decode()

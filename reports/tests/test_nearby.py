"""Nearby open reports (README §3): /phan-anh/gan-day/?lat&lon&category gives the
public, open reports of that category within 250 m, nearest first, so the
citizen can follow one instead of filing a duplicate. Bad input gives []."""

import math
from decimal import Decimal

import pytest

from reports.models import Report

from .factories import CategoryFactory, ReportFactory
from .helpers import NEARBY_URL, detail_url

pytestmark = pytest.mark.django_db

CENTRE = (16.816700, 107.100000)  # Đông Hà
METRES_PER_DEGREE_LAT = 111_320


def north_of(metres, east_metres=0.0):
    """A point `metres` north (and `east_metres` east) of CENTRE, as stored."""
    lat = CENTRE[0] + metres / METRES_PER_DEGREE_LAT
    lon = CENTRE[1] + east_metres / (METRES_PER_DEGREE_LAT * math.cos(math.radians(CENTRE[0])))
    return {"latitude": Decimal(f"{lat:.6f}"), "longitude": Decimal(f"{lon:.6f}")}


@pytest.fixture
def category(db):
    return CategoryFactory(name="Giao thông", slug="giao-thong")


def public_open(category, metres, east_metres=0.0, **extra):
    values = {
        "submitted": True,
        "status": Report.Status.RECEIVED,
        "is_public": True,
        "category": category,
        **north_of(metres, east_metres),
    }
    values.update(extra)
    return ReportFactory(**values)


def nearby(client, **params):
    response = client.get(NEARBY_URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def query(category, lat=CENTRE[0], lon=CENTRE[1]):
    return {"lat": str(lat), "lon": str(lon), "category": str(category.pk)}


def test_public_open_reports_of_the_category_within_250_m_nearest_first(client, category):
    at_200 = public_open(category, 0, 200, title="Ổ gà cách 200 m", status=Report.Status.FORWARDED)
    at_100 = public_open(category, 100, title="Ổ gà cách 100 m")
    at_240 = public_open(
        category, -170, -170, title="Ổ gà cách 240 m", status=Report.Status.IN_PROGRESS
    )
    public_open(category, 400, title="Cách 400 m")
    public_open(CategoryFactory(), 50, title="Chuyên mục khác")
    public_open(category, 30, is_public=False, title="Không công khai")
    ReportFactory(category=category, title="Bản nháp", is_public=True, **north_of(20))
    public_open(category, 40, status=Report.Status.SUBMITTED, title="Chờ tiếp nhận")
    public_open(category, 40, status=Report.Status.REJECTED, title="Bị từ chối")
    public_open(category, 40, status=Report.Status.PUBLISHED, title="Đã xử lý xong")

    results = nearby(client, **query(category))

    assert [item["code"] for item in results] == [at_100.code, at_200.code, at_240.code]
    first = results[0]
    assert first == {
        "code": at_100.code,
        "title": "Ổ gà cách 100 m",
        "status": "Đã tiếp nhận",
        "distance": first["distance"],
        "url": detail_url(at_100.code),
    }
    assert 95 <= results[0]["distance"] <= 105
    assert 195 <= results[1]["distance"] <= 205
    assert 235 <= results[2]["distance"] <= 245


def test_a_report_at_400_m_is_not_suggested(client, category):
    public_open(category, 400)
    assert nearby(client, **query(category)) == []


def test_results_do_not_depend_on_who_asks(client, citizen, ioc_staff, category):
    hidden = public_open(category, 50, is_public=False, reporter=citizen)
    shown = public_open(category, 60)
    for user in (citizen, ioc_staff):
        client.force_login(user)
        assert [item["code"] for item in nearby(client, **query(category))] == [shown.code]
    assert hidden.code


def test_at_most_ten_suggestions(client, category):
    for n in range(12):
        public_open(category, 10 + n * 10)
    results = nearby(client, **query(category))
    assert len(results) == 10
    assert [item["distance"] for item in results] == sorted(item["distance"] for item in results)


# Stands for the id of a real category with a report nearby.
CAT = object()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"lat": "16.8167", "lon": "107.1"},
        {"lat": "16.8167", "category": CAT},
        {"lat": "abc", "lon": "107.1", "category": CAT},
        {"lat": "16.8167", "lon": "", "category": CAT},
        {"lat": "16.8167", "lon": "107.1", "category": "abc"},
        {"lat": "16.8167", "lon": "107.1", "category": "1.5"},
        {"lat": "16.8167", "lon": "107.1", "category": "-1"},
        {"lat": "16.8167", "lon": "107.1", "category": "99999999999999999999999"},
        {"lat": "nan", "lon": "107.1", "category": CAT},
        {"lat": "16.8167", "lon": "inf", "category": CAT},
        {"lat": "1e999", "lon": "107.1", "category": CAT},
        {"lat": "90", "lon": "107.1", "category": CAT},
        {"lat": "-90", "lon": "180", "category": CAT},
        {"lat": "1e300", "lon": "-1e300", "category": CAT},
        {"lat": "16.8167'; DROP TABLE reports_report; --", "lon": "107.1", "category": CAT},
        {"lat": "<script>", "lon": "107.1", "category": CAT},
    ],
)
def test_bad_parameters_give_empty_results(client, category, params):
    public_open(category, 50)
    params = {key: str(category.pk) if value is CAT else value for key, value in params.items()}
    assert nearby(client, **params) == []


def test_repeated_parameters_never_fail(client, category):
    response = client.get(f"{NEARBY_URL}?lat=16.8&lat=abc&lon=107.1&category={category.pk}")
    assert response.status_code == 200


def test_only_get_is_allowed(client, category):
    assert client.post(NEARBY_URL, query(category)).status_code == 405

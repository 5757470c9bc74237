"""The map (README §5): the page with the list's filters, and the GeoJSON endpoint
that returns the public reports of the visible box, capped, and counts per grid
cell at low zoom; bad parameters get a 400 with a message, never a 500."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from reports import map_data
from reports.models import Report

from .factories import CategoryFactory, report_in_state
from .helpers import DONG_HA, text

pytestmark = pytest.mark.django_db

MAP_URL = "/ban-do/"
DATA_URL = "/ban-do/du-lieu.geojson"
KHE_SANH = (16.6270, 106.7300)  # about 50 km west of Đông Hà
AROUND_DONG_HA = "107.05,16.78,107.15,16.86"
PROVINCE = "106.3,16.2,107.5,17.5"

MSG_BAD_BBOX = "Tham số bbox không hợp lệ: cần bốn số tây,nam,đông,bắc (độ)."
MSG_BAD_ZOOM = "Tham số zoom không hợp lệ: cần một số nguyên từ 0 đến 22."


def at(point, status=Report.Status.RECEIVED, **fields) -> Report:
    return report_in_state(status, is_public=True, latitude=point[0], longitude=point[1], **fields)


def near(point, metres_north=0, metres_east=0):
    return (point[0] + metres_north / 111_000, point[1] + metres_east / 106_000)


def features(client, **params):
    response = client.get(DATA_URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    return data


def codes(data) -> set[str]:
    return {feature["properties"]["code"] for feature in data["features"]}


# --- Points -----------------------------------------------------------------------


def test_a_point_feature_carries_what_the_popup_shows(client):
    category = CategoryFactory(name="Giao thông")
    report = at(
        DONG_HA,
        Report.Status.PUBLISHED,
        title="Ổ gà <b>lớn</b> trên đường Lê Duẩn",
        category=category,
        level=Report.Level.URGENT,
    )

    data = features(client, bbox=AROUND_DONG_HA, zoom=16)

    assert data["truncated"] is False
    assert data["features"] == [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [DONG_HA[1], DONG_HA[0]]},
            "properties": {
                "code": report.code,
                "title": "Ổ gà <b>lớn</b> trên đường Lê Duẩn",  # text; map.js sets textContent
                "category": "Giao thông",
                "status": "published",
                "status_label": "Đã xử lý",
                "level": "urgent",
                "url": f"/phan-anh/{report.code}/",
            },
        }
    ]


def test_only_reports_inside_the_box_edges_included(client):
    inside = at(DONG_HA)
    on_west_edge = at((16.80, 107.05))
    on_north_edge = at((16.86, 107.10))
    west = at(near(DONG_HA, metres_east=-7_000))
    north = at((16.8601, 107.10))
    far = at(KHE_SANH)
    at((None, None), title="Không có vị trí")

    found = codes(features(client, bbox=AROUND_DONG_HA, zoom=14))
    assert found == {inside.code, on_west_edge.code, on_north_edge.code}
    assert codes(features(client, bbox=PROVINCE, zoom=12)) == {
        inside.code,
        on_west_edge.code,
        on_north_edge.code,
        west.code,
        north.code,
        far.code,
    }


def test_the_number_of_points_is_capped_newest_first(client, monkeypatch):
    monkeypatch.setattr(map_data, "MAP_FEATURE_CAP", 3)
    now = timezone.now()
    reports = [
        at(near(DONG_HA, metres_north=10 * n), submitted_at=now - timedelta(hours=n))
        for n in range(5)
    ]

    data = features(client, bbox=AROUND_DONG_HA, zoom=15)
    assert data["truncated"] is True
    assert [f["properties"]["code"] for f in data["features"]] == [r.code for r in reports[:3]]

    Report.objects.filter(pk__in=[r.pk for r in reports[3:]]).delete()
    data = features(client, bbox=AROUND_DONG_HA, zoom=15)
    assert data["truncated"] is False
    assert len(data["features"]) == 3


def test_the_default_cap_is_200():
    # What a phone's map can show apart; also bounds the answer at any database size.
    assert map_data.MAP_FEATURE_CAP == 200


def test_points_follow_the_filters(client):
    roads = CategoryFactory(slug="giao-thong")
    urgent = at(DONG_HA, level=Report.Level.URGENT, category=roads, title="Ngập Đường Lê Duẩn")
    done = at(DONG_HA, Report.Status.PUBLISHED, title="Cây đổ")
    old = at(DONG_HA, submitted_at=timezone.now() - timedelta(days=30), title="Rác thải")

    def found(**filters):
        return codes(features(client, bbox=AROUND_DONG_HA, zoom=14, **filters))

    assert found(tab="khan") == {urgent.code}
    assert found(tab="da-xu-ly") == {done.code}
    assert found(category="giao-thong") == {urgent.code}
    assert found(q="DUONG LE DUAN") == {urgent.code}
    assert found(q=done.code.lower()) == {done.code}
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert found(sent_from=since) == {urgent.code, done.code}
    assert found(sent_to=since) == {old.code}
    # Unknown filter values are ignored, as on the list.
    assert found(tab="khong-co", category="khong-co") == {urgent.code, done.code, old.code}


# --- Clusters at low zoom --------------------------------------------------------


def test_low_zoom_gives_counts_per_cell_from_the_database(client, django_assert_num_queries):
    for n in range(3):
        at(near(DONG_HA, metres_north=100 * n))
    for n in range(2):
        at(near(KHE_SANH, metres_east=100 * n))
    at(near(DONG_HA), Report.Status.SUBMITTED)  # not public: not counted

    data = features(client, bbox=PROVINCE, zoom=9)

    assert data["truncated"] is False
    clusters = sorted(data["features"], key=lambda f: -f["properties"]["count"])
    assert [f["properties"] for f in clusters] == [
        {"cluster": True, "count": 3},
        {"cluster": True, "count": 2},
    ]
    # Each cell sits at the mean of its reports.
    lon, lat = clusters[0]["geometry"]["coordinates"]
    assert lat == pytest.approx(DONG_HA[0] + 100 / 111_000, abs=1e-5)
    assert lon == pytest.approx(DONG_HA[1], abs=1e-5)
    lon, lat = clusters[1]["geometry"]["coordinates"]
    assert (lat, lon) == pytest.approx((KHE_SANH[0], KHE_SANH[1] + 50 / 106_000), abs=1e-5)

    cache.clear()
    bbox = map_data.BBox(west=106.3, south=16.2, east=107.5, north=17.5)
    with django_assert_num_queries(1):
        map_data.map_clusters(params={}, bbox=bbox, zoom=9)
    # Panning reuses the province's grid: the rows are grouped once per version.
    around_khe_sanh = map_data.BBox(west=106.6, south=16.5, east=106.9, north=16.8)
    with django_assert_num_queries(0):
        cells, _truncated = map_data.map_clusters(params={}, bbox=around_khe_sanh, zoom=9)
    assert [cell["properties"]["count"] for cell in cells] == [2]


def test_clusters_switch_to_points_at_zoom_12(client):
    for n in range(3):
        at(near(DONG_HA, metres_north=100 * n))

    assert all(
        f["properties"].get("cluster") for f in features(client, bbox=PROVINCE, zoom=11)["features"]
    )
    points = features(client, bbox=PROVINCE, zoom=12)["features"]
    assert len(points) == 3
    assert not any(f["properties"].get("cluster") for f in points)


def test_cells_get_smaller_as_the_zoom_grows(client):
    a = at(DONG_HA)
    b = at(near(DONG_HA, metres_east=10_000))

    def counts(zoom):
        data = features(client, bbox=PROVINCE, zoom=zoom)
        return sorted(f["properties"]["count"] for f in data["features"])

    assert counts(6) == [2]  # cells of 2.8 degrees
    assert counts(11) == [1, 1]  # cells of 0.088 degrees (about 9 km)
    assert a.longitude < b.longitude


def test_clusters_follow_the_filters(client):
    at(DONG_HA, level=Report.Level.URGENT)
    at(DONG_HA)
    at(KHE_SANH, level=Report.Level.URGENT)

    data = features(client, bbox=PROVINCE, zoom=8, tab="khan")
    assert sum(f["properties"]["count"] for f in data["features"]) == 2


def test_the_number_of_cells_is_capped(client, monkeypatch):
    monkeypatch.setattr(map_data, "MAP_FEATURE_CAP", 2)
    for n in range(3):
        at(near(DONG_HA, metres_east=20_000 * n))
    at(near(DONG_HA, metres_east=40_000))

    data = features(client, bbox=PROVINCE, zoom=10)
    assert data["truncated"] is True
    assert [f["properties"]["count"] for f in data["features"]] == [2, 1]


# --- Bad requests ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"zoom": 12}, MSG_BAD_BBOX),
        ({"bbox": "", "zoom": 12}, MSG_BAD_BBOX),
        ({"bbox": "107,16,108", "zoom": 12}, MSG_BAD_BBOX),
        ({"bbox": "107,16,108,17,1", "zoom": 12}, MSG_BAD_BBOX),
        ({"bbox": "a,b,c,d", "zoom": 12}, MSG_BAD_BBOX),
        ({"bbox": "107,16,nan,17", "zoom": 12}, MSG_BAD_BBOX),
        ({"bbox": "107,16,inf,17", "zoom": 12}, MSG_BAD_BBOX),
        ({"bbox": "108,16,107,17", "zoom": 12}, MSG_BAD_BBOX),  # west east of east
        ({"bbox": "107,17,108,16", "zoom": 12}, MSG_BAD_BBOX),  # south north of north
        ({"bbox": "107,16,107,17", "zoom": 12}, MSG_BAD_BBOX),  # no width
        ({"bbox": "-181,16,108,17", "zoom": 12}, MSG_BAD_BBOX),
        ({"bbox": "107,-91,108,17", "zoom": 12}, MSG_BAD_BBOX),
        ({"bbox": "107,16,108,1e400", "zoom": 12}, MSG_BAD_BBOX),
        ({"bbox": PROVINCE}, MSG_BAD_ZOOM),
        ({"bbox": PROVINCE, "zoom": ""}, MSG_BAD_ZOOM),
        ({"bbox": PROVINCE, "zoom": "abc"}, MSG_BAD_ZOOM),
        ({"bbox": PROVINCE, "zoom": "-1"}, MSG_BAD_ZOOM),
        ({"bbox": PROVINCE, "zoom": "12.5"}, MSG_BAD_ZOOM),
        ({"bbox": PROVINCE, "zoom": "23"}, MSG_BAD_ZOOM),
        ({"bbox": PROVINCE, "zoom": "99999999999999999999"}, MSG_BAD_ZOOM),
        ({"bbox": PROVINCE, "zoom": "²"}, MSG_BAD_ZOOM),
    ],
)
def test_bad_bbox_or_zoom_is_a_400_with_a_message(client, params, message):
    response = client.get(DATA_URL, params)
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_only_get(client):
    assert client.post(DATA_URL, {"bbox": PROVINCE, "zoom": 12}).status_code == 405


def test_the_whole_world_at_zoom_0_is_fine(client):
    at(DONG_HA)
    data = features(client, bbox="-180,-90,180,90", zoom=0)
    assert [f["properties"]["count"] for f in data["features"]] == [1]


# --- The page ------------------------------------------------------------------------


def test_the_map_page_has_the_filters_the_map_and_its_scripts(client):
    CategoryFactory(name="Giao thông", slug="giao-thong")
    response = client.get(MAP_URL, {"tab": "khan", "category": "giao-thong", "q": "lê duẩn"})
    assert response.status_code == 200
    html = text(response)
    assert '<h1 id="page-title">Bản đồ phản ánh</h1>' in html
    assert (
        '<a href="?tab=khan&amp;category=giao-thong&amp;q=l%C3%AA+du%E1%BA%A9n" '
        'aria-current="page">Khẩn</a>'
    ) in html
    assert 'aria-current="true">Giao thông</a>' in html
    assert 'value="lê duẩn"' in html
    assert 'data-url="/ban-do/du-lieu.geojson"' in html
    assert 'data-query="?tab=khan&amp;category=giao-thong&amp;q=l%C3%AA+du%E1%BA%A9n"' in html
    assert 'id="public-map"' in html
    assert "vendor/leaflet.markercluster-1.5.3/leaflet.markercluster.js" in html
    assert "js/map.js" in html
    # Back to the list with the same filters.
    assert 'href="/?tab=khan&amp;category=giao-thong&amp;q=l%C3%AA+du%E1%BA%A9n">Danh sách' in html


def test_the_header_and_the_bottom_bar_link_the_map(client):
    html = text(client.get("/"))
    assert '<a class="site-nav__link site-nav__wide" href="/ban-do/">Bản đồ</a>' in html
    assert '<a href="/ban-do/" class="bottom-bar__item">' in html
    assert '<span class="bottom-bar__label">Bản đồ</span>' in html

"""The map's data (README §5): GeoJSON points of the public reports in a box, or
counts per grid cell when zoomed out, with the list's filters
(reports/public_filters.py).

Every query here starts from `Report.objects.public()`: drafts, reports the IOC
has not received, rejected and non-public reports never appear, whoever asks.
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Avg, Count, F, FloatField
from django.db.models.functions import Cast, Floor
from django.urls import reverse

from reports.models import Report
from reports.public_cache import public_version
from reports.public_filters import PublicReportFilter

# More markers than a phone's map can show apart; the page then asks to zoom in,
# and the answer's size stops growing with the database.
MAP_FEATURE_CAP = 200
# Below this zoom the endpoint answers with counts per grid cell, not points.
MAP_CLUSTER_BELOW_ZOOM = 12
MAP_MAX_ZOOM = 22
# The grid follows every change through the public version; this only bounds
# how long an unused one stays in the cache.
GRID_TIMEOUT = 60 * 60


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float


def map_points(*, params, bbox: BBox) -> tuple[list[dict], bool]:
    """GeoJSON features for the public reports in the box, newest first, at
    most MAP_FEATURE_CAP of them; and whether more were left out."""
    rows = list(
        _in_box(params, bbox)
        .order_by("-submitted_at", "-pk")
        .values("code", "title", "status", "level", "category__name", "latitude", "longitude")[
            : MAP_FEATURE_CAP + 1
        ]
    )
    features = [_point_feature(row) for row in rows[:MAP_FEATURE_CAP]]
    return features, len(rows) > MAP_FEATURE_CAP


def map_clusters(*, params, bbox: BBox, zoom: int) -> tuple[list[dict], bool]:
    """Counts of public reports per grid cell in the box, the largest
    MAP_FEATURE_CAP of them, and whether more were left out. The grid covers
    the whole province and is built once per public version (public_cache),
    so panning and zooming never group every row again."""
    cells = [
        cell
        for cell in cluster_grid(params=params, zoom=zoom)
        if bbox.south <= cell["mean_lat"] <= bbox.north
        and bbox.west <= cell["mean_lon"] <= bbox.east
    ]
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(cell["mean_lon"], 6), round(cell["mean_lat"], 6)],
            },
            "properties": {"cluster": True, "count": cell["count"]},
        }
        for cell in cells[:MAP_FEATURE_CAP]
    ]
    return features, len(cells) > MAP_FEATURE_CAP


def cluster_grid(*, params, zoom: int) -> list[dict]:
    """Every non-empty cell at `zoom` for the list's filters, largest first: a
    cell is half a map tile wide; it sits at the mean of its reports."""
    filters = sorted((name, params.get(name, "")) for name in PublicReportFilter.base_filters)
    # Hashed: the values are what the visitor typed, of any length, and a cache
    # key must stay short (memcached refuses keys past 250 characters).
    digest = hashlib.sha256(urlencode(filters).encode()).hexdigest()
    key = f"public:grid:{public_version()}:{zoom}:{digest}"
    grid = cache.get(key)
    if grid is None:
        grid = _grid(params, zoom)
        cache.set(key, grid, GRID_TIMEOUT)
    return grid


def _grid(params, zoom: int) -> list[dict]:
    size = cell_size(zoom)
    reports = PublicReportFilter(params, queryset=Report.objects.public()).qs
    return list(
        reports.filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(lat=Cast("latitude", FloatField()), lon=Cast("longitude", FloatField()))
        .annotate(cell_y=Floor(F("lat") / size), cell_x=Floor(F("lon") / size))
        .order_by()
        .values("cell_y", "cell_x")
        .annotate(count=Count("pk"), mean_lat=Avg("lat"), mean_lon=Avg("lon"))
        .order_by("-count", "cell_y", "cell_x")
        .values("count", "mean_lat", "mean_lon")
    )


def cell_size(zoom: int) -> float:
    """Degrees of longitude of half a 256-pixel tile at `zoom`."""
    return 360 / 2**zoom / 2


def _in_box(params, bbox: BBox):
    reports = PublicReportFilter(params, queryset=Report.objects.public()).qs
    return reports.filter(
        latitude__isnull=False,
        longitude__isnull=False,
        latitude__gte=bbox.south,
        latitude__lte=bbox.north,
        longitude__gte=bbox.west,
        longitude__lte=bbox.east,
    )


def _point_feature(row) -> dict:
    status = Report.Status(row["status"])
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [float(row["longitude"]), float(row["latitude"])],
        },
        "properties": {
            "code": row["code"],
            "title": row["title"],
            "category": row["category__name"] or "",
            "status": status.value,
            "status_label": str(status.label),
            "level": row["level"],
            "url": reverse("reports:detail", args=[row["code"]]),
        },
    }

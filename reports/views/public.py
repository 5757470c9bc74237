"""The community pages anyone may see (README §5): the list on the home page, the
map and the map's GeoJSON data. The same for a visitor, a citizen or staff."""

import math

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import ListView, TemplateView

from reports import map_data as map_reads
from reports import public_filters, selectors
from reports.map_data import BBox
from reports.pagination import BoundedPaginator
from reports.public_filters import PublicReportFilter, Tab

PAGE_SIZE = 10


class PublicFiltersMixin:
    """The tabs, category chips, dates and search shared by the list and the map."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        context.update(
            filter=filterset,
            tabs=Tab.choices,
            current_tab=filterset.current_tab,
            categories=selectors.active_categories(),
            current_category=filterset.current_category,
        )
        return context


class HomeView(PublicFiltersMixin, ListView):
    """The community list: public reports, newest first, ten a page."""

    template_name = "reports/home.html"
    context_object_name = "reports"
    paginate_by = PAGE_SIZE
    paginator_class = BoundedPaginator

    def get_queryset(self):
        self.filterset = public_filters.public_list(params=self.request.GET or None)
        return selectors.with_card_annotations(self.filterset.qs)


class MapView(PublicFiltersMixin, TemplateView):
    """The map of the same list; its markers come from `reports.map_data`."""

    template_name = "reports/public/map.html"

    def get(self, request, *args, **kwargs):
        self.filterset = PublicReportFilter(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cluster_below_zoom"] = map_reads.MAP_CLUSTER_BELOW_ZOOM
        (south, west), (north, east) = settings.PROVINCE_BOUNDS
        context["province_bounds"] = f"{south},{west},{north},{east}"  # never localised
        context["feature_cap"] = map_reads.MAP_FEATURE_CAP
        return context


class BadMapRequest(ValueError):
    pass


@require_GET
def map_data(request):
    """GeoJSON of the public reports in `bbox` (west,south,east,north) with the
    list's filters: points from zoom MAP_CLUSTER_BELOW_ZOOM on, counts per grid
    cell below it. Bad `bbox` or `zoom`: 400 with a message, never 500."""
    try:
        bbox = _parse_bbox(request.GET.get("bbox", ""))
        zoom = _parse_zoom(request.GET.get("zoom", ""))
    except BadMapRequest as error:
        return JsonResponse({"error": str(error)}, status=400)
    if zoom < map_reads.MAP_CLUSTER_BELOW_ZOOM:
        features, truncated = map_reads.map_clusters(params=request.GET, bbox=bbox, zoom=zoom)
    else:
        features, truncated = map_reads.map_points(params=request.GET, bbox=bbox)
    return JsonResponse(
        {"type": "FeatureCollection", "features": features, "truncated": truncated},
        content_type="application/geo+json",
    )


def _parse_bbox(value: str) -> BBox:
    message = _("Tham số bbox không hợp lệ: cần bốn số tây,nam,đông,bắc (độ).")
    parts = value.split(",")
    if len(parts) != 4:
        raise BadMapRequest(message)
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise BadMapRequest(message) from None
    if not all(math.isfinite(n) for n in (west, south, east, north)):
        raise BadMapRequest(message)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise BadMapRequest(message)
    return BBox(west=west, south=south, east=east, north=north)


def _parse_zoom(value: str) -> int:
    message = _("Tham số zoom không hợp lệ: cần một số nguyên từ 0 đến %(max)s.") % {
        "max": map_reads.MAP_MAX_ZOOM
    }
    if not (value.isascii() and value.isdigit()) or int(value) > map_reads.MAP_MAX_ZOOM:
        raise BadMapRequest(message)
    return int(value)

"""The access matrix's table for the public pages (access_matrix.py): the list,
the map and its data, the reports nearby, the load balancer's health checks,
the installable app's worker, manifest and offline page.
The same for everyone, never a non-public report."""

from .access_cases import BAD_REQUEST, OK, Case, roles

# Around A's reports (access_world.LATITUDE, LONGITUDE), all of them nearby and on the map.
MAP_DATA = "/ban-do/du-lieu.geojson?bbox=107.0,16.7,107.2,16.9"
NEARBY = "/phan-anh/gan-day/?lat=16.8167&lon=107.1&category={category.pk}"

PUBLIC: dict[str, list[Case]] = {
    "": [Case("/", roles(OK)), Case("/?tab=all", roles(OK))],
    "ban-do/": [Case("/ban-do/", roles(OK))],
    "ban-do/du-lieu.geojson": [
        Case(f"{MAP_DATA}&zoom=16", roles(OK)),  # points
        Case(f"{MAP_DATA}&zoom=8", roles(OK)),  # clusters
        Case("/ban-do/du-lieu.geojson", roles(BAD_REQUEST)),
    ],
    "phan-anh/gan-day/": [Case(NEARBY, roles(OK))],
    "healthz": [Case("/healthz", roles(OK))],
    "readyz": [Case("/readyz", roles(OK))],
    # The installable app (phananh/pwa.py): the same for everyone, kept by the phone.
    "sw.js": [Case("/sw.js", roles(OK))],
    "manifest.webmanifest": [Case("/manifest.webmanifest", roles(OK))],
    "ngoai-tuyen/": [Case("/ngoai-tuyen/", roles(OK))],
}

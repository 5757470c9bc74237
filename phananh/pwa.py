"""The portal as an installable web app (README §3): its manifest, its service
worker and the page the worker shows when there is no connection.

The worker's code is static/js/service-worker.js, served from /sw.js so that
its scope is the whole site. Before the code comes one line of settings: the
app shell to keep on the phone (static URLs as the storage names them, hashed
in production), the paths never kept, and a version made from the shell's
bytes, so any change to a shell file makes a new worker, which empties the
older caches when it takes over.
"""

import functools
import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

THEME_COLOR = "#0b4f8a"  # --blue in static/css/portal.css
WORKER_SOURCE = "js/service-worker.js"
ICONS = (
    ("img/icon-192.png", "192x192", "any"),
    ("img/icon-512.png", "512x512", "any"),
    ("img/icon-maskable-512.png", "512x512", "maskable"),
)
FONTS = "vendor/be-vietnam-pro-5.3.0"
SHELL_FILES = (
    "css/portal.css",
    "img/favicon.svg",
    "img/ui-icons.svg",
    "img/category-icons.svg",
    "img/apple-touch-icon.png",
    *(path for path, _size, _purpose in ICONS),
)
ACCOUNT_PAGES = "/tai-khoan/"
LANGUAGE_SWITCH = "/i18n/"
# Pages the worker never keeps: staff work, accounts (codes, tokens, the
# login and logout forms), machine endpoints and private files.
NEVER_KEPT = (
    "/admin/",
    "/xu-ly/",
    "/kiem-duyet/",
    ACCOUNT_PAGES,
    LANGUAGE_SWITCH,
    "/open311/",
    "/binh-luan/",
    "/tep/",
    "/healthz",
    "/readyz",
)


def shell_paths() -> list[str]:
    """The static files every page needs: the stylesheet, the portal's scripts, its fonts, icons."""
    root = settings.BASE_DIR / "static"
    scripts = sorted(f"js/{path.name}" for path in (root / "js").glob("*.js"))
    fonts = sorted(f"{FONTS}/{path.name}" for path in (root / FONTS).glob("*.woff2"))
    return [*SHELL_FILES, *(path for path in scripts if path != WORKER_SOURCE), *fonts]


def _read(path) -> bytes:
    found = finders.find(path)
    if found is None:
        raise FileNotFoundError(path)
    with open(found, "rb") as handle:
        return handle.read()


@functools.cache
def _worker_cached():
    return _worker_built()


def _worker_built() -> tuple[str, str]:
    """The worker's settings line and code; the version hashes every shell file."""
    source = _read(WORKER_SOURCE)
    paths = shell_paths()
    digest = hashlib.sha256(source)
    for path in paths:
        digest.update(path.encode() + b"\0" + _read(path))
    config = {
        "version": digest.hexdigest()[:12],
        "shell": [static(path) for path in paths],
        "offlinePage": reverse("offline"),
        "staticPrefix": settings.STATIC_URL
        if settings.STATIC_URL.startswith("/")
        else "/" + settings.STATIC_URL,
        "neverKept": NEVER_KEPT,
        # A POST to the accounts' pages may change who is logged in (password,
        # code, single sign-on, logout), the language switch the pages' language:
        # the pages kept are forgotten.
        "forgetPagesOn": [ACCOUNT_PAGES, LANGUAGE_SWITCH],
    }
    return json.dumps(config, ensure_ascii=False), source.decode()


@require_GET
def service_worker(request):
    config, source = _worker_built() if settings.DEBUG else _worker_cached()
    response = HttpResponse(
        f"self.PORTAL = {config};\n{source}", content_type="text/javascript; charset=utf-8"
    )
    # The browser checks for a new worker itself; never an old copy from a cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    """The web app manifest: installed, the portal opens full screen at the home page."""
    data = {
        "name": _("Phản ánh hiện trường Quảng Trị"),
        "short_name": _("Phản ánh"),
        "description": _("Cổng tiếp nhận phản ánh hiện trường của người dân tỉnh Quảng Trị."),
        "lang": get_language(),
        "dir": "ltr",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": "#f5f7fa",
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


class OfflineView(TemplateView):
    """What the worker shows for a page never read on this phone while there is no connection."""

    template_name = "offline.html"

"""The portal as an installable web app (phananh/pwa.py, README §3), without a
browser: the manifest, the service worker's script and its settings, the
offline page, and the head of every page linking them."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from phananh import pwa

pytestmark = pytest.mark.django_db


def worker_settings(response) -> dict:
    first_line = response.content.decode().split("\n", 1)[0]
    return json.loads(re.fullmatch(r"self\.PORTAL = (.*);", first_line)[1])


def test_the_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Phản ánh hiện trường Quảng Trị"
    assert manifest["short_name"] == "Phản ánh"
    assert (manifest["start_url"], manifest["display"], manifest["lang"]) == (
        "/",
        "standalone",
        "vi",
    )
    assert manifest["theme_color"] == "#0b4f8a"
    icons = {(icon["sizes"], icon["purpose"]): icon["src"] for icon in manifest["icons"]}
    assert set(icons) == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for (sizes, _purpose), src in icons.items():
        path = finders.find(src.removeprefix("/static/"))
        with Image.open(path) as image:
            assert (image.format, f"{image.width}x{image.height}") == ("PNG", sizes)


def test_every_page_links_the_manifest_the_icons_and_the_app_script(client):
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#0b4f8a">' in page
    assert 'rel="apple-touch-icon" href="/static/img/apple-touch-icon.png"' in page
    assert 'src="/static/js/app.js" data-service-worker="/sw.js"' in page


def test_the_service_worker_is_served_from_the_root_with_its_shell(client):
    response = client.get("/sw.js")
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    config = worker_settings(response)
    assert "/static/css/portal.css" in config["shell"]
    assert "/static/js/report-form.js" in config["shell"]
    assert "/static/js/offline-reports.js" in config["shell"]
    assert "/static/js/service-worker.js" not in config["shell"]
    assert any(url.endswith(".woff2") for url in config["shell"])
    assert all(finders.find(url.removeprefix("/static/")) for url in config["shell"])
    assert config["offlinePage"] == "/ngoai-tuyen/"
    # Logging in or out by any way, or switching the language.
    assert config["forgetPagesOn"] == ["/tai-khoan/", "/i18n/"]
    for private in ("/admin/", "/xu-ly/", "/kiem-duyet/", "/tai-khoan/"):
        assert private in config["neverKept"]
    assert 'self.addEventListener("fetch"' in response.content.decode()


def test_a_changed_shell_file_makes_a_new_worker_version(monkeypatch):
    before = json.loads(pwa._worker_built()[0])["version"]
    read = pwa._read
    monkeypatch.setattr(
        pwa, "_read", lambda path: read(path) + (b"/* new */" if path == "css/portal.css" else b"")
    )
    assert json.loads(pwa._worker_built()[0])["version"] != before


def test_the_offline_page_is_calm_and_in_vietnamese(client):
    response = client.get("/ngoai-tuyen/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa có kết nối mạng" in page
    assert "Khi có mạng trở lại, hãy tải lại trang." in page


def test_the_policy_lets_the_worker_and_the_manifest_come_from_the_portal(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy

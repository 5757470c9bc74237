"""Each role's pages, walked in Chromium at 390 and 1280 px with axe-core on
every one (issue 14, "Proof"): the visitor, the citizen, the agency officer,
the area monitor, the moderator and the IOC operator each sign in through the
real forms (staff with their authenticator code) and open the screens of
their day, in the access matrix's world (access_world.py).

With WALK_SCREENSHOTS=/some/folder every page is also saved there as a PNG,
for a person to look at."""

import os
import re
from pathlib import Path

import pytest

from accounts.tests.factories import PASSWORD
from phananh.testing.browser import assert_accessible, log_in

from .access_world import Role, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each role opens on a working day, in the order they would.
WALKS = {
    Role.VISITOR: [
        "/",
        "/?tab=da-xu-ly",
        "/ban-do/",
        "/phan-anh/{r[published].code}/",
        "/thong-ke/",
        "/tai-khoan/login/",
        "/tai-khoan/signup/",
        "/tai-khoan/password/reset/",
    ],
    Role.OWNER: [
        "/",
        "/phan-anh/gui/",
        "/ca-nhan/",
        "/ca-nhan/phan-anh/",
        "/ca-nhan/nhap/",
        "/phan-anh/nhap/{r[draft].pk}/",
        "/phan-anh/{r[submitted].code}/",
        "/phan-anh/{r[published].code}/",
        "/tai-khoan/",
        "/tai-khoan/du-lieu-ca-nhan/",
    ],
    Role.OFFICER: [
        "/xu-ly/",
        "/xu-ly/{r[forwarded_private].code}/",
        "/xu-ly/{r[resolved].code}/",
        "/ca-nhan/",
    ],
    Role.MONITOR: [
        "/xu-ly/",
        "/xu-ly/{r[submitted].code}/",
    ],
    Role.MODERATOR: [
        "/kiem-duyet/",
        "/kiem-duyet/?tab=flags",
        "/phan-anh/{r[published].code}/",
    ],
    Role.IOC: [
        "/admin/",
        "/admin/reports/report/",
        "/admin/reports/report/?status__exact=submitted",
        "/admin/reports/report/{r[submitted].pk}/change/",
        "/admin/reports/report/{r[submitted].pk}/xu-ly/receive/",
        "/admin/reports/report/{r[forwarded_private].pk}/change/",
        "/admin/reports/category/",
        "/thong-ke/",
    ],
}


@pytest.mark.parametrize("role", list(WALKS), ids=str)
def test_each_role_walks_its_pages(page, role, request):
    world = build_world()
    user = world.user(role)
    if user is not None:
        log_in(page, str(user.phone), PASSWORD)
    shots = os.environ.get("WALK_SCREENSHOTS")

    for template in WALKS[role]:
        url = world.format(template)
        response = page.goto(url)
        assert response.status < 400, f"{role} on {url}: {response.status}"
        assert "/tai-khoan/login/" not in page.url or role == Role.VISITOR, f"{role} sent to login"
        assert_accessible(page)
        if shots:
            name = re.sub(r"[^a-z0-9]+", "-", f"{role}-{url}".lower()).strip("-")
            width = page.viewport_size["width"]
            page.screenshot(path=Path(shots) / f"{name}-{width}.png", full_page=True)

"""The IOC's report page in the admin shows the place as a pin on a map, not
only as two bare numbers (issue 14, defect 12)."""

import pytest

from accounts.tests.factories import PASSWORD
from phananh.testing.browser import assert_accessible, log_in
from reports.models import Report

from .factories import IocOperatorFactory, report_in_state
from .helpers import DONG_HA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_report_page_pins_the_place_on_a_map(page):
    IocOperatorFactory(phone="+84912000444")
    report = report_in_state(Report.Status.SUBMITTED, latitude=DONG_HA[0], longitude=DONG_HA[1])
    log_in(page, "0912 000 444", PASSWORD, start="/admin/login/?next=/admin/")

    page.goto(f"/admin/reports/report/{report.pk}/change/")

    page.locator("#detail-map .leaflet-marker-icon").wait_for()
    centre = page.evaluate(
        "(map => [map.getCenter().lat, map.getCenter().lng])(window['leafletmapdetail-map'])"
    )
    assert centre == pytest.approx(list(DONG_HA), abs=1e-6)
    assert_accessible(page)


def test_a_report_without_a_place_has_no_map(page):
    IocOperatorFactory(phone="+84912000444")
    report = report_in_state(Report.Status.SUBMITTED, latitude=None, longitude=None)
    log_in(page, "0912 000 444", PASSWORD, start="/admin/login/?next=/admin/")

    page.goto(f"/admin/reports/report/{report.pk}/change/")

    page.get_by_role("heading", name="Vị trí").wait_for()
    assert page.locator("#detail-map").count() == 0

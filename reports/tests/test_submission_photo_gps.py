"""GPS from a photo sent with a report (README §3): it fills the place when none
is given, a point chosen on the map wins, a fix outside the province does not
block an address, and the stored photo keeps no EXIF."""

from decimal import Decimal

import pytest

from reports.models import Attachment, Report

from .factories import jpeg_with_gps_bytes
from .helpers import CREATE_URL, DONG_HA, field_errors, jpeg_upload, media_path, report_data
from .submission_world import category as category
from .submission_world import wards as wards

pytestmark = pytest.mark.django_db


def test_gps_in_a_photo_fills_the_place_when_none_is_given(citizen_client, category, wards):
    photo = jpeg_with_gps_bytes((16, 45, 0), (107, 11, 24))  # 16.75 N, 107.19 E
    data = report_data(category, point=None, images=[jpeg_upload("gps.jpg", photo)])
    response = citizen_client.post(CREATE_URL, data)

    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == Report.Status.SUBMITTED
    assert (report.latitude, report.longitude) == (Decimal("16.750000"), Decimal("107.190000"))
    assert report.ward == wards["quang_tri"]


def test_a_point_chosen_on_the_map_wins_over_the_photo_gps(citizen_client, category):
    photo = jpeg_with_gps_bytes((16, 45, 0), (107, 11, 24))
    data = report_data(category, point=DONG_HA, images=[jpeg_upload("gps.jpg", photo)])
    citizen_client.post(CREATE_URL, data)

    report = Report.objects.get()
    assert (report.latitude, report.longitude) == (Decimal("16.816700"), Decimal("107.100000"))


def test_photo_gps_outside_the_province_does_not_block_an_address(citizen_client, category):
    """A photo taken elsewhere only loses its suggestion: the citizen gave an
    address and no point, which is enough (README §3)."""
    photo = jpeg_with_gps_bytes((21, 1, 42), (105, 51, 15))  # Hà Nội
    data = report_data(
        category, point=None, address="12 Lê Duẩn, Đông Hà", images=[jpeg_upload("hn.jpg", photo)]
    )
    response = citizen_client.post(CREATE_URL, data)

    assert field_errors(response, "address") == []
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == Report.Status.SUBMITTED
    assert report.latitude is None


def test_stored_photo_has_no_exif_left(citizen_client, category):
    photo = jpeg_with_gps_bytes((16, 45, 0), (107, 11, 24))
    citizen_client.post(CREATE_URL, report_data(category, images=[jpeg_upload("gps.jpg", photo)]))
    stored = media_path(Attachment.objects.get().file.name).read_bytes()
    assert b"Exif" not in stored

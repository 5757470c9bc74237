"""“Theo dõi phản ánh này thay vì gửi mới”: from the report form's list of
reports nearby, the citizen follows one and counts as one more person who
meets the problem, instead of filing a duplicate."""

import pytest

from engagement.models import Follow, Support

from .engagement_world import category as category
from .engagement_world import citizen as citizen
from .engagement_world import private_report as private_report
from .engagement_world import public_report as public_report
from .engagement_world import reporter as reporter
from .engagement_world import ward as ward

pytestmark = pytest.mark.django_db


def test_following_instead_counts_as_support(client, citizen, public_report):
    client.force_login(citizen)

    response = client.post(f"/phan-anh/{public_report.code}/theo-doi-thay-gui/")

    assert response.status_code == 302
    assert response["Location"] == public_report.get_absolute_url()
    assert Follow.objects.filter(user=citizen, report=public_report).exists()
    assert Support.objects.filter(user=citizen, report=public_report).exists()
    page = client.get(public_report.get_absolute_url()).content.decode()
    assert "1 người cùng gặp vấn đề này" in page
    assert f"Bạn đang theo dõi phản ánh {public_report.code}" in page


def test_the_form_script_gets_the_report_to_open(client, citizen, public_report):
    client.force_login(citizen)

    response = client.post(
        f"/phan-anh/{public_report.code}/theo-doi-thay-gui/", HTTP_ACCEPT="application/json"
    )

    assert response.json() == {"url": public_report.get_absolute_url()}


def test_twice_is_still_one_support(client, citizen, public_report):
    client.force_login(citizen)

    for _ in range(2):
        client.post(f"/phan-anh/{public_report.code}/theo-doi-thay-gui/")

    assert Support.objects.count() == Follow.objects.count() == 1


def test_the_form_offers_it(client, citizen):
    client.force_login(citizen)

    page = client.get("/phan-anh/gui/").content.decode()

    assert 'data-follow-instead-url="/phan-anh/PA-0/theo-doi-thay-gui/"' in page


def test_not_for_a_report_the_public_cannot_see(client, citizen, private_report):
    client.force_login(citizen)

    response = client.post(f"/phan-anh/{private_report.code}/theo-doi-thay-gui/")

    assert response.status_code == 404
    assert not Support.objects.exists()

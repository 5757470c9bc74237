"""Administrative units from vietnamadminunits, categories and demo agencies."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.tests.factories import UserFactory
from reports.models import AdministrativeUnit, Agency, AgencyMembership, Category
from reports.reference_data import AGENCIES, CATEGORIES

pytestmark = pytest.mark.django_db

Level = AdministrativeUnit.Level


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_loads_the_province_and_its_78_current_wards_and_communes():
    out = run("load_admin_units", "--province", "44")

    province = AdministrativeUnit.objects.get(code="44")
    assert (province.name, province.kind, province.level) == ("Tỉnh Quảng Trị", "Tỉnh", "province")
    assert province.parent is None and province.latitude and province.longitude
    wards = AdministrativeUnit.objects.filter(parent=province)
    assert wards.count() == 78 == AdministrativeUnit.objects.filter(level=Level.WARD).count()
    assert set(wards.values_list("level", flat=True)) == {Level.WARD}
    assert set(wards.values_list("kind", flat=True)) == {"Phường", "Xã", "Đặc khu"}
    assert wards.filter(kind="Phường").count() == 8
    (south, west), (north, east) = settings.PROVINCE_BOUNDS
    for ward in wards:
        assert ward.code.isdigit() and len(ward.code) == 5
        assert south < ward.latitude < north and west < ward.longitude < east

    dong_ha = AdministrativeUnit.objects.get(name="Phường Đông Hà")
    assert (dong_ha.code, dong_ha.kind, dong_ha.name_folded) == (
        "19333",
        "Phường",
        "phuong dong ha",
    )
    assert AdministrativeUnit.objects.get(name_folded="dac khu con co").kind == "Đặc khu"
    assert "78 phường, xã, đặc khu (78 mới, 0 cập nhật)" in out


def test_running_twice_changes_nothing_and_repairs_edited_rows():
    run("load_admin_units", "--province", "44")
    AdministrativeUnit.objects.filter(code="19333").update(
        name="Sai tên", name_folded="sai ten", latitude=0
    )

    out = run("load_admin_units", "--province", "44")

    assert AdministrativeUnit.objects.count() == 79
    repaired = AdministrativeUnit.objects.get(code="19333")
    assert (repaired.name, repaired.name_folded) == ("Phường Đông Hà", "phuong dong ha")
    assert repaired.latitude > 16
    assert "(0 mới, 1 cập nhật)" in out
    assert "(0 mới, 0 cập nhật)" in run("load_admin_units", "--province", "44")


def test_any_province_loads_by_code():
    run("load_admin_units", "--province", "1")  # written without the leading zero

    hanoi = AdministrativeUnit.objects.get(code="01")
    assert (hanoi.name, hanoi.kind) == ("Thành phố Hà Nội", "Thành phố")
    assert hanoi.children.count() > 100


def test_unknown_province_code_is_a_clear_error():
    with pytest.raises(CommandError, match="“99”.*unknown province code.*44"):
        run("load_admin_units", "--province", "99")
    assert not AdministrativeUnit.objects.exists()


def test_legacy_districts_hang_under_the_province_with_their_wards():
    run("load_admin_units", "--province", "44", "--legacy")
    run("load_admin_units", "--province", "44", "--legacy")

    province = AdministrativeUnit.objects.get(code="44")
    districts = AdministrativeUnit.objects.filter(level=Level.DISTRICT)
    # Quảng Bình's 8 and the former Quảng Trị's 10 districts, merged in 2025.
    assert districts.count() == 18
    assert set(districts.values_list("parent", flat=True)) == {province.pk}
    dong_ha = districts.get(code="L461")
    assert (dong_ha.name, dong_ha.kind) == ("Thành phố Đông Hà", "Thành phố")
    assert dong_ha.children.filter(level=Level.WARD).count() == 9
    legacy_wards = AdministrativeUnit.objects.filter(parent__level=Level.DISTRICT)
    # Their codes were reused by today's wards, hence the prefix.
    assert legacy_wards.count() == 264
    assert not legacy_wards.exclude(code__startswith="L").exists()
    # Today's wards keep their official codes and stay directly under the province.
    assert province.children.filter(level=Level.WARD).count() == 78


def test_reference_data_creates_categories_agencies_and_demo_memberships():
    run("load_admin_units", "--province", "44")
    officer = UserFactory(phone="+84901000004")
    monitor = UserFactory(phone="+84901000005")

    run("load_reference_data")

    assert Category.objects.count() == len(CATEGORIES) == 20
    assert list(Category.objects.values_list("slug", flat=True))[-1] == "khac"
    for category in Category.objects.all():
        assert category.icon and category.description
        assert category.processing_days_urgent <= category.processing_days_normal
    disaster = Category.objects.get(slug="thien-tai")
    assert (disaster.processing_days_normal, disaster.processing_days_urgent) == (3, 1)
    assert disaster.default_agency.code == "so-nong-nghiep-moi-truong"
    assert Category.objects.get(slug="giao-thong").default_agency.code == "so-xay-dung"
    assert Category.objects.get(slug="khac").default_agency is None

    assert Agency.objects.count() == len(AGENCIES)
    assert Agency.objects.get(code="dien-luc-quang-tri").kind == Agency.Kind.COMPANY
    commune = Agency.objects.get(code="ubnd-dong-ha")
    assert commune.kind == Agency.Kind.COMMUNE
    assert list(commune.units.values_list("code", flat=True)) == ["19333"]
    assert list(Agency.objects.get(code="so-y-te").units.values_list("code", flat=True)) == ["44"]

    memberships = AgencyMembership.objects.values_list("user", "agency__code", "role")
    assert set(memberships) == {
        (officer.pk, "so-xay-dung", "officer"),
        (monitor.pk, "ubnd-dong-ha", "monitor"),
    }


def test_reference_data_runs_twice_and_keeps_what_the_admin_tuned():
    run("load_reference_data")
    Category.objects.filter(slug="giao-thong").update(order=1, processing_days_normal=4)
    Category.objects.filter(slug="y-te").update(name="Tên cũ")

    out = run("load_reference_data")

    assert "Chuyên mục: 20 (0 mới)" in out and "Cơ quan xử lý: 15 (0 mới)" in out
    assert Category.objects.count() == 20 and Agency.objects.count() == len(AGENCIES)
    traffic = Category.objects.get(slug="giao-thong")
    assert (traffic.order, traffic.processing_days_normal) == (1, 4)
    assert Category.objects.get(slug="y-te").name == "Y tế"


def test_without_demo_accounts_or_units_memberships_and_coverage_are_skipped():
    out = run("load_reference_data")

    assert not AgencyMembership.objects.exists()
    assert not Agency.objects.get(code="ubnd-dong-ha").units.exists()
    assert "Thành viên" not in out


def test_admin_pages_of_the_reference_data(client):
    run("load_admin_units", "--province", "44")
    run("load_reference_data")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    for url in (
        "/admin/reports/category/",
        "/admin/reports/agency/",
        f"/admin/reports/agency/{Agency.objects.get(code='ubnd-dong-ha').pk}/change/",
        "/admin/reports/administrativeunit/?level=ward",
    ):
        assert client.get(url).status_code == 200, url
    # Searching without accents finds the ward.
    response = client.get("/admin/reports/administrativeunit/", {"q": "dong ha"})
    assert "Phường Nam Đông Hà" in response.text

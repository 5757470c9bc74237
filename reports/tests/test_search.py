"""Search on the community list (README §5): by code, title and reporter name, not
when the name is hidden, ignoring case and Vietnamese accents (đ included), the
same on SQLite and PostgreSQL; on PostgreSQL served by a trigram index."""

import re
import unicodedata

import pytest
from django.db import connection

from accounts.tests.factories import UserFactory
from reports.models import Report
from reports.public_filters import public_list

from .factories import report_in_state
from .helpers import text

pytestmark = pytest.mark.django_db

HOME_URL = "/"


def found(query, **params) -> set[str]:
    """Titles the list finds for `query` (through the filter the view uses)."""
    return set(public_list(params={"q": query, **params}).qs.values_list("title", flat=True))


def published(title, **fields) -> Report:
    return report_in_state(Report.Status.PUBLISHED, is_public=True, title=title, **fields)


@pytest.fixture
def reports(db):
    hoa = UserFactory(full_name="Nguyễn Thị Hoa")
    hidden = UserFactory(full_name="Đặng Văn Đức")
    org = UserFactory(full_name="Công ty TNHH Đông Hà Xanh", is_organization=True)
    return {
        "le_duan": published("Ngập nước trên Đường Lê Duẩn", reporter=hoa),
        "quang_tri": published(
            "Rác thải ven sông Thạch Hãn, thị xã Quảng Trị", reporter=hidden, hide_name=True
        ),
        "dong_ha": published("ĐÈN ĐƯỜNG HỎNG Ở ĐÔNG HÀ", reporter=org),
        "code": published("Cây đổ", code="PA-2026-000123"),
        "other_code": published("Cây gãy cành", code="PA-2026-001230"),
    }


@pytest.mark.parametrize(
    "query",
    [
        "duong le duan",
        "DUONG LE DUAN",
        "Đường Lê Duẩn",
        "đường lê duẩn",
        "ĐƯỜNG LÊ DUẨN",
        "Duong Le Duan",
        "le duan",
        "duẩn đường",
        "  duong   le  duan  ",
    ],
)
def test_title_without_accents_or_case(reports, query):
    assert found(query) == {"Ngập nước trên Đường Lê Duẩn"}


def test_decomposed_accents_as_some_keyboards_send_them(reports):
    assert found(unicodedata.normalize("NFD", "Lê Duẩn")) == {"Ngập nước trên Đường Lê Duẩn"}


def test_every_word_must_match(reports):
    assert found("duong le loi") == set()
    assert found("ngap duan") == {"Ngập nước trên Đường Lê Duẩn"}


def test_d_with_stroke_both_ways(reports):
    assert found("den duong dong ha") == {"ĐÈN ĐƯỜNG HỎNG Ở ĐÔNG HÀ"}
    assert found("Đèn đường") == {"ĐÈN ĐƯỜNG HỎNG Ở ĐÔNG HÀ"}
    assert found("đông hà") == {"ĐÈN ĐƯỜNG HỎNG Ở ĐÔNG HÀ"}
    assert found("DONG HA") == {"ĐÈN ĐƯỜNG HỎNG Ở ĐÔNG HÀ"}


def test_place_names(reports):
    assert found("quang tri") == {"Rác thải ven sông Thạch Hãn, thị xã Quảng Trị"}
    assert found("QUẢNG TRỊ thach han") == {"Rác thải ven sông Thạch Hãn, thị xã Quảng Trị"}


def test_reporter_name_person_or_organisation(reports):
    assert found("nguyen thi hoa") == {"Ngập nước trên Đường Lê Duẩn"}
    assert found("NGUYỄN THỊ HOA") == {"Ngập nước trên Đường Lê Duẩn"}
    assert found("cong ty dong ha xanh") == {"ĐÈN ĐƯỜNG HỎNG Ở ĐÔNG HÀ"}


def test_a_hidden_name_is_not_searchable(reports):
    assert found("dang van duc") == set()
    assert found("Đặng Văn Đức") == set()
    assert found("duc") == set()
    # The report itself is still found by its title.
    assert found("thach han") == {"Rác thải ven sông Thạch Hãn, thị xã Quảng Trị"}


def test_hiding_the_name_later_removes_it_from_search(reports):
    report = reports["le_duan"]
    report.hide_name = True
    report.save(update_fields=["hide_name"])
    assert found("nguyen thi hoa") == set()


@pytest.mark.parametrize("query", ["pa-2026-000123", "PA-2026-000123", "Pa-2026-000123"])
def test_code(reports, query):
    assert found(query) == {"Cây đổ"}


def test_part_of_a_code(reports):
    assert found("000123") == {"Cây đổ"}
    assert found("00123") == {"Cây đổ", "Cây gãy cành"}
    assert found("2026-0012") == {"Cây gãy cành"}


def test_like_wildcards_are_literal(reports):
    assert found("%") == set()
    assert found("_") == set()
    assert found("pa_2026") == set()


def test_an_empty_search_finds_everything(reports):
    assert len(found("")) == 5
    assert len(found("   ")) == 5


def test_search_combines_with_tabs(reports):
    report_in_state(Report.Status.IN_PROGRESS, is_public=True, title="Ổ gà đường Lê Duẩn")
    assert found("le duan") == {"Ngập nước trên Đường Lê Duẩn", "Ổ gà đường Lê Duẩn"}
    assert found("le duan", tab="da-xu-ly") == {"Ngập nước trên Đường Lê Duẩn"}


def test_not_public_reports_are_never_found(db):
    for status in Report.Status:
        report_in_state(status, is_public=status != Report.Status.PUBLISHED, title="Ổ gà Lê Duẩn")
    report_in_state(Report.Status.PUBLISHED, is_public=False, title="Ổ gà Lê Duẩn kín")
    shown = public_list(params={"q": "o ga le duan"}).qs
    assert sorted(shown.values_list("status", flat=True)) == sorted(
        ["received", "forwarded", "in_progress", "resolved"]
    )


def test_search_through_the_page(client, reports):
    response = client.get(HOME_URL, {"q": "DUONG LE DUAN"})
    html = text(response)
    assert "Ngập nước trên Đường Lê Duẩn" in html
    assert "Cây đổ" not in html
    assert "1 phản ánh" in html
    assert '<input type="search" name="q" value="DUONG LE DUAN"' in html


def test_a_very_long_search_is_refused_as_a_form_error(client, reports):
    response = client.get(HOME_URL, {"q": "a" * 101})
    assert response.status_code == 200
    html = text(response)
    assert "Giá trị này chỉ có tối đa 100 kí tự (hiện có 101)" in html  # Django's own
    assert "5 phản ánh" in html  # the search is ignored, not the page


# --- PostgreSQL: the trigram index ----------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigram index exists on PostgreSQL only (DATABASE_URL=postgres://...)",
)


@postgresql_only
def test_the_trigram_index_exists():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'reports_report' "
            "AND indexname = 'report_search_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_text gin_trgm_ops)" in definition


@postgresql_only
def test_the_search_uses_the_trigram_index():
    reporter = UserFactory(full_name="Nguyễn Văn An")
    Report.objects.bulk_create(
        Report(
            code=f"PA-2024-{number:06d}",
            title=f"Ổ gà số {number} đường Hùng Vương",
            status=Report.Status.PUBLISHED,
            is_public=True,
            reporter=reporter,
            search_text=f"pa-2024-{number:06d} o ga so {number} duong hung vuong nguyen van an",
        )
        for number in range(5000)
    )
    published("Ngập nước trên Đường Lê Duẩn", reporter=reporter)
    with connection.cursor() as cursor:
        # Rows inserted after the index was built wait in GIN's pending list,
        # which the planner counts as cost; a real table has them merged.
        cursor.execute("SELECT gin_clean_pending_list('report_search_trgm')")
        cursor.execute("ANALYZE reports_report")

    queryset = public_list(params={"q": "Lê Duẩn"}).qs
    plan = queryset.explain()

    assert "report_search_trgm" in plan, plan
    # The planner picks it by itself (no enable_seqscan = off), for the LIKE
    # of each folded word.
    assert re.search(r"Index Cond: .*search_text ~~ '%duan%'", plan), plan
    assert list(queryset.values_list("title", flat=True)) == ["Ngập nước trên Đường Lê Duẩn"]

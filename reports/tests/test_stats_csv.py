"""The public statistics' CSV downloads (issue 6): each table with its header
and first row, the date filter in the content and the file name, an unknown
table, and names that look like spreadsheet formulas disarmed."""

import csv
import io

import pytest
from django.urls import reverse

from .factories import AgencyFactory, CategoryFactory
from .stats_world import S, at, handled
from .stats_world import empty_cache as empty_cache
from .stats_world import world as world


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.mark.parametrize(
    ("name", "header", "first_row"),
    [
        ("trang-thai", ["Trạng thái", "Số phản ánh"], ["Đã tiếp nhận", "1"]),
        ("chuyen-muc", ["Chuyên mục", "Số phản ánh"], ["Giao thông", "4"]),
        ("thang", ["Tháng", "Số phản ánh"], ["2026-01", "2"]),
        (
            "co-quan",
            [
                "Cơ quan",
                "Đã nhận",
                "Đã trả lời",
                "Đúng hạn",
                "Quá hạn",
                "Thời gian xử lý trung bình (ngày làm việc)",
                "Hài lòng",
                "Hài lòng (%)",
                "Chấp nhận",
                "Chấp nhận (%)",
                "Không hài lòng",
                "Không hài lòng (%)",
            ],
            [
                "Sở Giao thông vận tải",
                "4",
                "3",
                "2",
                "2",
                "1.2",
                "1",
                "50.0",
                "1",
                "50.0",
                "0",
                "0.0",
            ],
        ),
    ],
)
def test_csv_downloads(client, world, name, header, first_row):
    response = client.get(reverse("reports:stats_csv", args=[name]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="thong-ke-{name}.csv"'
    rows = read_csv(response)
    assert rows[0] == header
    assert rows[1] == first_row


def test_csv_honours_the_date_filter(client, world):
    response = client.get(
        reverse("reports:stats_csv", args=["thang"]),
        {"sent_from": "2026-03-01", "sent_to": "2026-03-31"},
    )
    assert read_csv(response) == [["Tháng", "Số phản ánh"], ["2026-03", "1"]]
    assert "thong-ke-thang_2026-03-01_2026-03-31.csv" in response["Content-Disposition"]


def test_unknown_csv_is_404(client, db):
    assert client.get("/thong-ke/khac.csv").status_code == 404


def test_statistics_csv_disarms_names_that_look_like_formulas(client, db):
    category = CategoryFactory(name='=HYPERLINK("http://x.example","Bấm")')
    handled(S.PUBLISHED, category, AgencyFactory(name="@SUM(A1)"), at((1, 5)), at((1, 7)))

    categories = read_csv(client.get(reverse("reports:stats_csv", args=["chuyen-muc"])))
    agencies = read_csv(client.get(reverse("reports:stats_csv", args=["co-quan"])))

    assert categories[1][0] == "'" + category.name
    assert agencies[1][0] == "'@SUM(A1)"

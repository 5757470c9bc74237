"""Reply templates (README §4): which templates fit a report (its category or
every category, the form's purpose, active ones), and the one filling rule
(reports/reply_templates.fill): placeholders become the report's code, title,
category, place, the answering agency and the day in Vietnamese format; an
unknown placeholder, or any other brace, stays as written."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from reports.models import ReplyTemplate, Report
from reports.reply_templates import IOC_NAME, PLACEHOLDERS, fill, placeholder_help

from .factories import AgencyFactory, CategoryFactory, WardFactory, report_in_state

pytestmark = pytest.mark.django_db

Purpose = ReplyTemplate.Purpose
# 23:30 on 4 March in UTC is already 5 March in Vietnam.
NOW = datetime(2026, 3, 4, 23, 30, tzinfo=ZoneInfo("UTC"))


def template(title, *, purpose=Purpose.ANSWER, category=None, **fields):
    return ReplyTemplate.objects.create(
        title=title, purpose=purpose, category=category, text=f"Mẫu {title}", **fields
    )


def fitting(category, purpose):
    return [t.title for t in ReplyTemplate.objects.fitting(category=category, purpose=purpose)]


def test_the_category_s_own_templates_first_then_those_for_every_category():
    lighting, trees = CategoryFactory(name="Chiếu sáng"), CategoryFactory(name="Cây xanh")
    template("Chung: đã xử lý")
    template("Đèn: đã thay bóng", category=lighting)
    template("Cây: đã cắt tỉa", category=trees)
    template("Chung: đã khắc phục")

    assert fitting(lighting, Purpose.ANSWER) == [
        "Đèn: đã thay bóng",
        "Chung: đã khắc phục",
        "Chung: đã xử lý",
    ]
    assert fitting(trees.pk, Purpose.ANSWER)[0] == "Cây: đã cắt tỉa"
    assert fitting(None, Purpose.ANSWER) == ["Chung: đã khắc phục", "Chung: đã xử lý"]


def test_only_active_templates_of_the_purpose():
    category = CategoryFactory()
    template("Trả lời")
    template("Trả lại: không thuộc thẩm quyền", purpose=Purpose.RETURN)
    template("Từ chối: trùng lặp", purpose=Purpose.REJECT, category=category)
    template("Trả lại cũ", purpose=Purpose.RETURN, is_active=False)

    assert fitting(category, Purpose.RETURN) == ["Trả lại: không thuộc thẩm quyền"]
    assert fitting(category, Purpose.REJECT) == ["Từ chối: trùng lặp"]
    assert fitting(category, Purpose.ANSWER) == ["Trả lời"]


@pytest.fixture
def report():
    return report_in_state(
        Report.Status.IN_PROGRESS,
        title="Đèn đường hỏng",
        address="12 Lê Duẩn",
        ward=WardFactory(name="Phường Đông Hà"),
        category=CategoryFactory(name="Chiếu sáng"),
        lead_agency=AgencyFactory(name="Công ty Điện lực"),
    )


def test_every_placeholder_is_filled(report):
    text = (
        "Kính gửi ông/bà, về phản ánh {ma_phan_anh} “{tieu_de}” ({chuyen_muc}, {dia_chi}): "
        "{co_quan} đã xử lý xong ngày {ngay}."
    )

    filled = fill(text, report, report.lead_agency, NOW)

    assert filled == (
        f"Kính gửi ông/bà, về phản ánh {report.code} “Đèn đường hỏng” (Chiếu sáng, 12 Lê "
        "Duẩn, Phường Đông Hà): Công ty Điện lực đã xử lý xong ngày 05/03/2026."
    )


def test_the_ioc_answers_in_its_own_name(report):
    assert fill("{co_quan} trả lời.", report, None, NOW) == f"{IOC_NAME} trả lời."


def test_a_template_object_fills_the_same_way(report):
    saved = ReplyTemplate.objects.create(
        purpose=Purpose.ANSWER, title="Xong", text="Đã xử lý {ma_phan_anh}."
    )
    assert fill(saved, report, None, NOW) == f"Đã xử lý {report.code}."


@pytest.mark.parametrize(
    "text",
    [
        "Ngày {ngay_xu_ly}, {ten_nguoi_gui} đã được báo.",  # unknown names
        "Mẫu có {ngoặc lạ} và {} và {{ma_phan_anh",  # not a placeholder at all
        "{0} {1!r} {ma_phan_anh.__class__} %(code)s",  # what str.format would run or fail on
        "{MA_PHAN_ANH}",  # names are lower case
    ],
)
def test_what_is_not_a_known_placeholder_stays_as_written(report, text):
    assert fill(text, report, None, NOW) == text


def test_a_known_placeholder_beside_an_unknown_one(report):
    assert fill("{ma_phan_anh} {ma_so}", report, None, NOW) == f"{report.code} {{ma_so}}"


def test_a_report_without_place_or_category_leaves_those_empty():
    report = report_in_state(Report.Status.RECEIVED, address="", category=None)
    assert fill("[{dia_chi}] [{chuyen_muc}]", report, None, NOW) == "[] []"


def test_the_admin_help_names_every_placeholder():
    help_text = placeholder_help()
    for name in PLACEHOLDERS:
        assert f"<code>{{{name}}}</code>" in help_text

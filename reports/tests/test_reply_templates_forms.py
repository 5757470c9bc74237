"""Reply templates in the forms (README §4): the agency's answer and return
forms on /xu-ly/ and the IOC's direct answer and refusal in the admin offer the
templates fitting the report's category and the form's purpose, each option
carrying its filled text for the script; without JavaScript "Dùng mẫu" brings
the form back with the text box filled and does nothing else. The IOC edits
the templates in the admin (with a preview); agencies only use them."""

import html
import re

import pytest

from reports.models import ReplyTemplate, Report

from .admin_actions_world import action_url as admin_action_url
from .admin_actions_world import operator_client as operator_client
from .factories import CategoryFactory, report_in_state
from .helpers import text
from .triage_pages import S
from .triage_pages import officer as officer
from .triage_pages import world as world
from .triage_world import action_url, report_url

pytestmark = pytest.mark.django_db

Purpose = ReplyTemplate.Purpose
TEMPLATE_ADMIN = "/admin/reports/replytemplate/"


@pytest.fixture
def lighting(db):
    return CategoryFactory(name="Chiếu sáng")


@pytest.fixture
def templates(lighting):
    def make(title, purpose, category, body):
        return ReplyTemplate.objects.create(
            title=title, purpose=purpose, category=category, text=body
        )

    return {
        "lamp": make("Đã thay bóng", Purpose.ANSWER, lighting, "{co_quan} đã thay bóng đèn."),
        "any": make("Đã xử lý", Purpose.ANSWER, None, "Phản ánh {ma_phan_anh} đã xử lý."),
        "tree": make("Đã cắt cây", Purpose.ANSWER, CategoryFactory(), "Đã cắt tỉa cây."),
        "return": make("Sai thẩm quyền", Purpose.RETURN, None, "Không thuộc {co_quan}."),
        "reject": make("Trùng", Purpose.REJECT, lighting, "Phản ánh {ma_phan_anh} bị trùng."),
    }


def options(body: str, name: str) -> dict[str, str]:
    """The picker `name`'s options: title → the filled text it carries."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert select, f"no template picker {name}"
    return {
        html.unescape(title.strip()): html.unescape(filled)
        for filled, title in re.findall(
            r'<option value="\d+" data-text="([^"]*)"[^>]*>([^<]*)<', select[1]
        )
    }


def textarea(body: str, name: str) -> str:
    found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', body, re.S)
    return html.unescape(found[1]).strip()


# --- The agency's forms on /xu-ly/ -------------------------------------------------------


def test_the_answer_and_return_forms_offer_their_fitting_templates(
    officer, world, templates, lighting
):
    report = world.report(S.IN_PROGRESS, category=lighting)

    body = text(officer.get(report_url(report.code)))

    assert options(body, "answer-template") == {
        "Đã thay bóng": f"{world.agency_a.name} đã thay bóng đèn.",
        "Đã xử lý": f"Phản ánh {report.code} đã xử lý.",
    }
    assert options(body, "return-template") == {
        "Sai thẩm quyền": f"Không thuộc {world.agency_a.name}."
    }
    assert 'data-reply-template="id_answer-answer"' in body
    assert "js/reply-templates.js" in body


def test_no_picker_without_templates(officer, world, lighting):
    report = world.report(S.IN_PROGRESS, category=lighting)
    body = text(officer.get(report_url(report.code)))
    assert "answer-template" not in body and "Dùng mẫu" not in body


def test_dung_mau_without_javascript_fills_the_answer_and_sends_nothing(
    officer, world, templates, lighting
):
    report = world.report(S.IN_PROGRESS, category=lighting)

    response = officer.post(
        action_url(report.code, "answer"),
        {
            "answer-template": templates["lamp"].pk,
            "answer-answer": "",
            "answer-use_template": "1",
        },
    )

    assert response.status_code == 200
    body = text(response)
    assert textarea(body, "answer-answer") == f"{world.agency_a.name} đã thay bóng đèn."
    assert "Chưa thực hiện được" not in body and 'class="field__errors"' not in body
    assert "<details open>" in body[body.index('id="action-answer"') :]
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS and not report.events.exists()

    # The officer then sends the filled text with the form's own button.
    response = officer.post(
        action_url(report.code, "answer"), {"answer-answer": textarea(body, "answer-answer")}
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).answer == f"{world.agency_a.name} đã thay bóng đèn."


def test_dung_mau_on_the_return_form_keeps_the_report(officer, world, templates, lighting):
    report = world.report(S.IN_PROGRESS, category=lighting)

    response = officer.post(
        action_url(report.code, "return"),
        {"return-template": templates["return"].pk, "return-use_template": "1"},
    )

    assert textarea(text(response), "return-reason") == f"Không thuộc {world.agency_a.name}."
    assert Report.objects.get(pk=report.pk).lead_agency == world.agency_a


def test_dung_mau_with_a_template_of_another_category_changes_nothing(
    officer, world, templates, lighting
):
    report = world.report(S.IN_PROGRESS, category=lighting)

    response = officer.post(
        action_url(report.code, "answer"),
        {
            "answer-template": templates["tree"].pk,
            "answer-answer": "Bản nháp của tôi",
            "answer-use_template": "1",
        },
    )

    assert textarea(text(response), "answer-answer") == "Bản nháp của tôi"
    assert Report.objects.get(pk=report.pk).status == S.IN_PROGRESS


# --- The IOC's forms in the admin ------------------------------------------------------


def test_the_admin_answer_and_refusal_offer_their_templates(operator_client, templates, lighting):
    received = report_in_state(S.RECEIVED, category=lighting)

    answer = text(operator_client.get(admin_action_url(received, "answer_directly")))
    reject = text(operator_client.get(admin_action_url(received, "reject")))

    assert options(answer, "template") == {
        "Đã thay bóng": "Trung tâm IOC đã thay bóng đèn.",
        "Đã xử lý": f"Phản ánh {received.code} đã xử lý.",
    }
    assert options(reject, "template") == {"Trùng": f"Phản ánh {received.code} bị trùng."}
    assert "js/reply-templates.js" in answer


def test_dung_mau_in_the_admin_fills_the_refusal_and_refuses_nothing(
    operator_client, templates, lighting
):
    report = report_in_state(S.RECEIVED, category=lighting)

    response = operator_client.post(
        admin_action_url(report, "reject"),
        {
            "reason": Report.RejectionReason.OTHER,
            "template": templates["reject"].pk,
            "note": "",
            "use_template": "1",
        },
    )

    assert response.status_code == 200
    body = text(response)
    assert textarea(body, "note") == f"Phản ánh {report.code} bị trùng."
    assert 'class="errorlist' not in body
    assert re.search(r'<input type="radio" name="reason" value="other"[^>]*checked', body)
    assert Report.objects.get(pk=report.pk).status == S.RECEIVED


# --- Who edits them ------------------------------------------------------------------------


def test_an_officer_cannot_reach_the_template_admin(client, world, templates):
    client.force_login(world.officer_a)
    for url in (
        TEMPLATE_ADMIN,
        f"{TEMPLATE_ADMIN}add/",
        f"{TEMPLATE_ADMIN}{templates['lamp'].pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_ioc_edits_templates_with_a_preview(operator_client, templates, lighting):
    listing = text(operator_client.get(TEMPLATE_ADMIN))
    assert "Đã thay bóng" in listing and "Mọi chuyên mục" in listing

    add = text(operator_client.get(f"{TEMPLATE_ADMIN}add/"))
    assert "<code>{ma_phan_anh}</code>" in add and "<code>{co_quan}</code>" in add

    response = operator_client.post(
        f"{TEMPLATE_ADMIN}add/",
        {
            "title": "Đã sửa đèn",
            "purpose": Purpose.ANSWER,
            "category": lighting.pk,
            "text": "{co_quan} đã sửa đèn ở {dia_chi} ngày {ngay} ({ma_sai}).",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created = ReplyTemplate.objects.get(title="Đã sửa đèn")

    change = text(operator_client.get(f"{TEMPLATE_ADMIN}{created.pk}/change/"))
    assert "Sở Xây dựng đã sửa đèn ở 12 Lê Duẩn, Phường Đông Hà ngày " in change
    assert "({ma_sai})" in change  # an unknown placeholder shows as written

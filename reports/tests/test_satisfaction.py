"""Satisfaction (README §5): only the reporter, logged in, on their own published
report; "Không hài lòng" needs a comment; changeable; one rating per report,
held by the database. The service first, then the page and its POST view."""

import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.tests.factories import UserFactory
from reports import satisfaction
from reports.models import Report, ReportEvent, Satisfaction
from reports.satisfaction import SatisfactionError, satisfaction_rate

from .factories import AgencyMembershipFactory, IocOperatorFactory, report_in_state
from .helpers import LOGIN_URL, detail_url, field_errors, text

pytestmark = pytest.mark.django_db

S = Report.Status
L = Satisfaction.Level
MSG_ONLY_REPORTER = "Chỉ người gửi phản ánh mới được đánh giá mức độ hài lòng."
MSG_NOT_PUBLISHED = "Chỉ đánh giá được khi kết quả xử lý của phản ánh đã được đăng tải."
MSG_COMMENT_NEEDED = "Hãy cho biết vì sao bạn không hài lòng."
MSG_LEVEL_NEEDED = "Hãy chọn mức độ hài lòng."
MSG_SAVED = "Đã ghi nhận đánh giá của bạn. Xin cảm ơn!"
COMMENT = "Ổ gà vá xong lại lún sau hai ngày mưa."


@pytest.fixture
def reporter(db):
    return UserFactory(full_name="Nguyễn Văn An")


@pytest.fixture
def published(reporter):
    return report_in_state(S.PUBLISHED, reporter=reporter, is_public=True)


def rate_url(report) -> str:
    return f"/phan-anh/{report.code}/danh-gia/"


# --- The service -----------------------------------------------------------------


@pytest.mark.parametrize("level", [L.SATISFIED, L.ACCEPTABLE])
def test_the_reporter_rates_their_published_report(published, reporter, level):
    rating = satisfaction_rate(report=published, user=reporter, level=level, comment="")
    assert rating.report_id == published.pk
    assert rating.user_id == reporter.pk
    assert rating.level == level
    assert rating.created_at is not None
    assert Satisfaction.objects.get().pk == rating.pk


def test_dissatisfied_needs_a_comment(published, reporter):
    for empty in ("", "   \n "):
        with pytest.raises(ValidationError) as caught:
            satisfaction_rate(report=published, user=reporter, level=L.DISSATISFIED, comment=empty)
        assert caught.value.message_dict == {"comment": [MSG_COMMENT_NEEDED]}
    assert not Satisfaction.objects.exists()
    rating = satisfaction_rate(
        report=published, user=reporter, level=L.DISSATISFIED, comment=f"  {COMMENT}  "
    )
    assert rating.comment == COMMENT


def test_an_unknown_level_is_refused(published, reporter):
    with pytest.raises(ValidationError) as caught:
        satisfaction_rate(report=published, user=reporter, level="rat-hai-long", comment="")
    assert caught.value.message_dict == {"level": [MSG_LEVEL_NEEDED]}


def test_a_comment_too_long_is_refused(published, reporter):
    with pytest.raises(ValidationError) as caught:
        satisfaction_rate(
            report=published,
            user=reporter,
            level=L.ACCEPTABLE,
            comment="x" * (satisfaction.COMMENT_MAX_LENGTH + 1),
        )
    assert list(caught.value.message_dict) == ["comment"]


def test_the_rating_can_be_changed_and_stays_one_row(published, reporter):
    first = satisfaction_rate(
        report=published, user=reporter, level=L.DISSATISFIED, comment=COMMENT
    )
    second = satisfaction_rate(report=published, user=reporter, level=L.SATISFIED, comment="")
    assert second.pk == first.pk
    stored = Satisfaction.objects.get()
    assert (stored.level, stored.comment) == (L.SATISFIED, "")
    assert stored.updated_at >= stored.created_at


def test_rating_changes_nothing_in_the_report_or_its_history(published, reporter):
    before = Report.objects.values().get(pk=published.pk)
    satisfaction_rate(report=published, user=reporter, level=L.ACCEPTABLE, comment="")
    assert Report.objects.values().get(pk=published.pk) == before
    assert not ReportEvent.objects.exists()


@pytest.mark.parametrize(
    "who", ["visitor", "other_citizen", "ioc_staff", "lead_officer", "inactive_reporter"]
)
def test_nobody_else_may_rate(published, reporter, who):
    users = {
        "visitor": lambda: AnonymousUser(),
        "other_citizen": lambda: UserFactory(),
        "ioc_staff": lambda: IocOperatorFactory(),
        "lead_officer": lambda: AgencyMembershipFactory(agency=published.lead_agency).user,
        "inactive_reporter": lambda: reporter,
    }
    user = users[who]()
    if who == "inactive_reporter":
        user.is_active = False
    with pytest.raises(SatisfactionError):
        satisfaction_rate(report=published, user=user, level=L.SATISFIED, comment="")
    assert not Satisfaction.objects.exists()


def test_a_superuser_may_not_rate_either(published):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    with pytest.raises(SatisfactionError, match=MSG_ONLY_REPORTER):
        satisfaction_rate(report=published, user=superuser, level=L.SATISFIED, comment="")


@pytest.mark.parametrize("status", [status for status in S.values if status != S.PUBLISHED])
def test_only_a_published_report_can_be_rated(reporter, status):
    report = report_in_state(status, reporter=reporter, is_public=True)
    with pytest.raises(SatisfactionError, match=MSG_NOT_PUBLISHED):
        satisfaction_rate(report=report, user=reporter, level=L.SATISFIED, comment="")
    assert not Satisfaction.objects.exists()


def test_a_report_that_left_published_since_it_was_read_is_refused(published, reporter):
    # The page was read while published; the row says otherwise now.
    Report.objects.filter(pk=published.pk).update(status=S.RESOLVED)
    with pytest.raises(SatisfactionError, match=MSG_NOT_PUBLISHED):
        satisfaction_rate(report=published, user=reporter, level=L.SATISFIED, comment="")


def test_the_permission_check_comes_before_the_form_rules(published):
    with pytest.raises(SatisfactionError):
        satisfaction_rate(report=published, user=UserFactory(), level="?", comment="")


# --- The database holds the invariants ---------------------------------------------


def test_one_rating_per_report_in_the_database(published, reporter):
    Satisfaction.objects.create(report=published, user=reporter, level=L.SATISFIED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Satisfaction.objects.create(report=published, user=reporter, level=L.ACCEPTABLE)
    assert Satisfaction.objects.count() == 1


def test_dissatisfied_without_comment_is_refused_by_the_database(published, reporter):
    with pytest.raises(IntegrityError), transaction.atomic():
        Satisfaction.objects.create(
            report=published, user=reporter, level=L.DISSATISFIED, comment=""
        )


# --- The page: result for everyone, form for the reporter ------------------------------


def _satisfaction_section(response) -> str:
    match = re.search(r'<section class="satisfaction".*?</section>', text(response), re.S)
    return match[0] if match else ""


def test_the_form_is_for_the_reporter_of_a_published_report_only(client, published, reporter):
    form_tag = f'action="{rate_url(published)}"'
    assert form_tag not in text(client.get(detail_url(published.code)))
    client.force_login(UserFactory())
    assert form_tag not in text(client.get(detail_url(published.code)))
    client.force_login(IocOperatorFactory())
    assert form_tag not in text(client.get(detail_url(published.code)))
    client.force_login(reporter)
    page = _satisfaction_section(client.get(detail_url(published.code)))
    assert form_tag in page
    for label in ("Hài lòng", "Chấp nhận", "Không hài lòng"):
        assert f"> {label}</label>" in page
    assert "Gửi đánh giá" in page


@pytest.mark.parametrize("status", [S.IN_PROGRESS, S.RESOLVED])
def test_no_form_and_no_section_before_publication(client, reporter, status):
    report = report_in_state(status, reporter=reporter, is_public=True)
    client.force_login(reporter)
    body = text(client.get(detail_url(report.code)))
    assert rate_url(report) not in body
    assert 'id="satisfaction"' not in body


def test_the_result_is_public_the_comment_is_not(client, published, reporter):
    Satisfaction.objects.create(
        report=published, user=reporter, level=L.DISSATISFIED, comment=COMMENT
    )
    for viewer in (None, UserFactory()):
        if viewer:
            client.force_login(viewer)
        page = _satisfaction_section(client.get(detail_url(published.code)))
        assert 'class="badge badge--dissatisfied">Không hài lòng<' in page
        assert "Người gửi phản ánh đánh giá:" in page
        assert COMMENT not in page
    client.force_login(IocOperatorFactory())
    assert COMMENT in _satisfaction_section(client.get(detail_url(published.code)))
    client.force_login(reporter)
    page = _satisfaction_section(client.get(detail_url(published.code)))
    assert "Bạn đã đánh giá:" in page
    assert COMMENT in page
    # The form starts from the current rating, to change it.
    assert re.search(
        r'<input type="radio" name="satisfaction-level" value="dissatisfied"'
        r"[^>]*checked",
        page,
    )
    assert "Cập nhật đánh giá" in page


def test_no_rating_yet(client, published):
    page = _satisfaction_section(client.get(detail_url(published.code)))
    assert "Người gửi chưa đánh giá kết quả xử lý." in page


# --- The POST view -----------------------------------------------------------------


def post(client, report, level, comment=""):
    return client.post(
        rate_url(report), {"satisfaction-level": level, "satisfaction-comment": comment}
    )


def test_the_reporter_rates_then_changes(client, published, reporter):
    client.force_login(reporter)
    response = post(client, published, L.ACCEPTABLE)
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(published.code)}#satisfaction"
    assert Satisfaction.objects.get().level == L.ACCEPTABLE
    page = client.get(response["Location"])
    assert MSG_SAVED in text(page)
    assert 'class="badge badge--acceptable">Chấp nhận<' in _satisfaction_section(page)

    assert post(client, published, L.SATISFIED).status_code == 302
    assert Satisfaction.objects.get().level == L.SATISFIED


def test_dissatisfied_without_comment_shows_the_error_next_to_the_field(
    client, published, reporter
):
    client.force_login(reporter)
    response = post(client, published, L.DISSATISFIED, "  ")
    assert response.status_code == 200
    assert field_errors(response, "satisfaction-comment") == [MSG_COMMENT_NEEDED]
    body = text(response)
    assert 'aria-describedby="id_satisfaction-comment_helptext id_satisfaction-comment_error"' in (
        body
    )
    assert 'aria-invalid="true"' in body
    # The choice is kept, and nothing is stored.
    assert re.search(r'value="dissatisfied"[^>]*checked', body)
    assert not Satisfaction.objects.exists()

    response = post(client, published, L.DISSATISFIED, COMMENT)
    assert response.status_code == 302
    assert Satisfaction.objects.get().comment == COMMENT


@pytest.mark.parametrize("level", ["", "rat-hai-long"])
def test_a_missing_or_unknown_level_is_a_form_error(client, published, reporter, level):
    client.force_login(reporter)
    response = post(client, published, level)
    assert response.status_code == 200
    errors = html.unescape(text(response))
    assert "id_satisfaction-level_error" in errors
    assert not Satisfaction.objects.exists()


def test_another_citizen_gets_403_with_the_reason(client, published):
    client.force_login(UserFactory())
    response = post(client, published, L.SATISFIED)
    assert response.status_code == 403
    assert MSG_ONLY_REPORTER in text(response)
    assert not Satisfaction.objects.exists()


def test_ioc_staff_get_403_with_the_reason(client, published):
    client.force_login(IocOperatorFactory())
    response = post(client, published, L.SATISFIED)
    assert response.status_code == 403
    assert MSG_ONLY_REPORTER in text(response)


def test_the_reporter_before_publication_gets_403_with_the_reason(client, reporter):
    report = report_in_state(S.RESOLVED, reporter=reporter, is_public=True)
    client.force_login(reporter)
    response = post(client, report, L.SATISFIED)
    assert response.status_code == 403
    assert MSG_NOT_PUBLISHED in text(response)
    assert not Satisfaction.objects.exists()


def test_a_report_one_may_not_see_is_404(client, reporter):
    hidden = report_in_state(S.PUBLISHED, reporter=reporter, is_public=False)
    client.force_login(UserFactory())
    assert post(client, hidden, L.SATISFIED).status_code == 404
    assert client.post("/phan-anh/PA-2026-999999/danh-gia/").status_code == 404
    assert not Satisfaction.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, published):
    response = post(client, published, L.SATISFIED)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert not Satisfaction.objects.exists()


def test_a_get_goes_back_to_the_report(client, published, reporter):
    client.force_login(reporter)
    response = client.get(rate_url(published))
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(published.code)}#satisfaction"

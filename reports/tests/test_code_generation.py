"""Report codes PA-<year>-<6 digits>: given on submission, sequential per year,
unique, starting again at 000001 in a new (Vietnamese) year, and safe when
citizens submit at the same moment (PostgreSQL row locks)."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from reports import workflow
from reports.models import Report, ReportCodeCounter, ReportEvent

from .factories import ReportFactory
from .helpers import CODE_PATTERN

pytestmark = pytest.mark.django_db


def submit(draft):
    return workflow.report_submit(report=draft, actor=draft.reporter)


def this_year():
    return timezone.localtime().year


def test_a_draft_has_no_code():
    assert ReportFactory().code is None


def test_codes_are_sequential_within_a_year_and_unique():
    year = this_year()
    codes = [submit(ReportFactory()).code for _ in range(3)]

    assert codes == [f"PA-{year}-000001", f"PA-{year}-000002", f"PA-{year}-000003"]
    assert all(CODE_PATTERN.fullmatch(code) for code in codes)
    assert ReportCodeCounter.objects.get(year=year).last_number == 3
    assert set(Report.objects.values_list("code", flat=True)) == set(codes)


def test_counter_gives_six_digits_and_more_past_a_million():
    ReportCodeCounter.objects.create(year=2031, last_number=122)
    assert workflow.next_report_code(2031) == "PA-2031-000123"
    ReportCodeCounter.objects.filter(year=2031).update(last_number=999_999)
    assert workflow.next_report_code(2031) == "PA-2031-1000000"


def test_each_year_has_its_own_counter_starting_at_one():
    assert workflow.next_report_code(2026) == "PA-2026-000001"
    assert workflow.next_report_code(2026) == "PA-2026-000002"
    assert workflow.next_report_code(2027) == "PA-2027-000001"
    assert workflow.next_report_code(2026) == "PA-2026-000003"
    assert workflow.next_report_code(2027) == "PA-2027-000002"


def test_new_year_in_vietnam_starts_at_000001(monkeypatch):
    """The year is Vietnam's: 17:00 UTC on 31 December is already New Year in Đông Hà."""
    drafts = [ReportFactory() for _ in range(3)]
    moments = [
        datetime(2026, 12, 31, 16, 58, tzinfo=UTC),  # 23:58 on 31/12 in Vietnam
        datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC),
        datetime(2026, 12, 31, 17, 0, 1, tzinfo=UTC),  # 00:00:01 on 1/1/2027
    ]
    codes = []
    for draft, moment in zip(drafts, moments, strict=True):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        codes.append(submit(draft).code)

    assert codes == ["PA-2026-000001", "PA-2026-000002", "PA-2027-000001"]


def test_submitting_twice_is_refused_and_uses_no_number():
    report = submit(ReportFactory())
    with pytest.raises(workflow.WorkflowError):
        submit(report)
    report.refresh_from_db()
    assert report.code == f"PA-{this_year()}-000001"
    assert ReportCodeCounter.objects.get(year=this_year()).last_number == 1
    assert ReportEvent.objects.filter(report=report).count() == 1


def test_only_the_reporter_can_submit_and_a_refusal_uses_no_number(citizen):
    draft = ReportFactory()
    with pytest.raises(workflow.WorkflowError):
        workflow.report_submit(report=draft, actor=citizen)
    draft.refresh_from_db()
    assert (draft.status, draft.code) == (Report.Status.DRAFT, None)
    assert not ReportCodeCounter.objects.filter(last_number__gt=0).exists()


def test_a_rolled_back_submission_never_shares_a_code_with_the_next():
    first = submit(ReportFactory())
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(ReportFactory())
        raise RuntimeError("lỗi sau khi cấp mã")
    third = submit(ReportFactory())

    assert first.code != third.code
    assert Report.objects.filter(code=third.code).count() == 1
    # Gaps are allowed; going back is not.
    assert int(third.code[-6:]) > int(first.code[-6:])


# --- Concurrency (PostgreSQL) --------------------------------------------------

THREADS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counter_exists", [False, True], ids=["first-of-year", "counter-row"])
def test_simultaneous_submissions_get_distinct_codes(counter_exists):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite locks the whole database, so it cannot show that "
            "row locks keep simultaneous submissions apart (run with "
            "DATABASE_URL=postgres://…)"
        )
    year = this_year()
    if counter_exists:
        ReportCodeCounter.objects.create(year=year, last_number=41)
    drafts = [ReportFactory() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    codes, errors = [], []

    def send(draft):
        try:
            barrier.wait(timeout=30)
            codes.append(submit(draft).code)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    first = 42 if counter_exists else 1
    assert sorted(codes) == [f"PA-{year}-{number:06d}" for number in range(first, first + THREADS)]
    stored = Report.objects.filter(status=Report.Status.SUBMITTED)
    assert sorted(stored.values_list("code", flat=True)) == sorted(codes)
    assert ReportCodeCounter.objects.get(year=year).last_number == first + THREADS - 1

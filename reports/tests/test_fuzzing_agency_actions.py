"""Fuzzing the agency's action forms on the triage dashboard (security review):
any action with any fields. No answer is a 500, a redirect stays on the site,
and the action's text is shown escaped on the dashboard and the public page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from phananh.testing.fuzzing import (
    assert_local_redirect,
    assert_safe_page,
    fuzz,
    isolated_example,
    new_client,
)
from phananh.testing.strategies import parameters, text_with_markup, valid_or_hostile
from reports.models import Report

from .factories import report_in_state
from .fuzzing_world import world as world
from .triage_world import action_url

pytestmark = pytest.mark.django_db


# Each action's fields, as its form posts them (the form's prefix is the action),
# and the one that holds its text.
ACTION_FIELDS = {
    "accept": (),
    "return": ("reason",),
    "progress": ("note", "public"),
    "opinion": ("note",),
    "answer": ("answer",),
    "request_extension": ("new_deadline", "reason"),
}


ACTION_TEXT_FIELDS = {
    "return": "reason",
    "progress": "note",
    "opinion": "note",
    "answer": "answer",
    "request_extension": "reason",
}


# Fixed once: a strategy that read the clock at each draw would give Hypothesis
# other data when it replays an example (FlakyStrategyDefinition).
EARLIEST_DEADLINE = (timezone.now() + timedelta(days=1)).replace(tzinfo=None, microsecond=0)


def action_form() -> st.SearchStrategy[tuple[str, dict]]:
    def fields(action):
        names = [f"{action}-{name}" for name in ACTION_FIELDS[action]]
        deadline = st.datetimes(min_value=EARLIEST_DEADLINE).map(
            lambda moment: moment.strftime("%Y-%m-%dT%H:%M")
        )
        form = parameters(
            names, values={"request_extension-new_deadline": valid_or_hostile(deadline)}
        )
        return st.tuples(st.just(action), form)

    return st.sampled_from(list(ACTION_FIELDS)).flatmap(fields)


@fuzz(40)
@given(action=action_form(), note=text_with_markup())
def test_the_agency_actions_never_fail_and_show_their_text_escaped(world, action, note):
    name, form = action
    text, _payload = note  # assert_safe_page looks for every payload
    with isolated_example():
        report = report_in_state(
            Report.Status.IN_PROGRESS, lead_agency=world.report.lead_agency, is_public=True
        )
        officer = new_client(world.officer)
        if name in ACTION_TEXT_FIELDS:  # markup in the text, unless the form replaced it
            form = {f"{name}-{ACTION_TEXT_FIELDS[name]}": text, **form}
        response = officer.post(action_url(report.code, name), form)
        assert_safe_page(response)
        if response.status_code == 302:
            target = assert_local_redirect(response)
            if target.startswith(f"/xu-ly/{report.code}/"):
                assert_safe_page(officer.get(target))
        assert_safe_page(new_client().get(report.get_absolute_url()))

"""Fuzzing the report form (security review): no answer is a 500; a saved
report keeps no control character and no point outside the province; text with
markup is shown escaped on every page, feed and export that carries it (the
reporter's and the public page, the list, the search, the Atom feed, the map's
data and Open311)."""

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from accounts.tests.factories import UserFactory
from accounts.text import CONTROL_CHARACTERS
from phananh.testing.fuzzing import (
    assert_json,
    assert_local_redirect,
    assert_not_markup,
    assert_safe_page,
    assert_shown_escaped,
    fuzz,
    isolated_example,
    new_client,
    page_text,
)
from phananh.testing.strategies import (
    coordinate_text,
    mutated,
    number_text,
    text_with_markup,
    valid_or_hostile,
)
from reports import submissions
from reports.models import Report

from .fuzzing_world import (
    FEED_URL,
    MAP_DATA_URL,
    OPEN311_REQUESTS,
    PROVINCE_BOX,
    World,
    assert_feed_safe,
)
from .fuzzing_world import world as world
from .helpers import CREATE_URL, DONG_HA, parse_xml, report_data

pytestmark = pytest.mark.django_db


def report_form(world: World) -> st.SearchStrategy[dict]:
    """A complete report, with some of its fields dropped, replaced or repeated."""
    valid = report_data(world.category, ward=world.ward.pk, hide_name="on", urgent_requested="on")
    return mutated(
        valid,
        values={
            "title": valid_or_hostile(st.text(min_size=1, max_size=200)),
            "content": valid_or_hostile(st.text(min_size=1, max_size=500)),
            "latitude": coordinate_text(),
            "longitude": coordinate_text(),
            "category": number_text(),
            "ward": number_text(),
            "action": valid_or_hostile(st.sampled_from(["send", "draft"])),
        },
        extra=("remove_attachments", "images", "code", "status", "reporter"),
    )


@fuzz(60)
@given(data=st.data())
def test_the_report_form_never_fails_on_any_input(world, data):
    form = data.draw(report_form(world), label="form")
    with isolated_example():
        citizen = UserFactory()
        response = new_client(citizen).post(CREATE_URL, form)
        assert_safe_page(response)
        for report in Report.objects.filter(reporter=citizen):
            assert_local_redirect(response)
            assert not CONTROL_CHARACTERS.search(report.title + report.content + report.address)
            if report.latitude is not None:
                assert submissions.in_province(report.latitude, report.longitude)


@fuzz(30)
# Regression: U+FFFF made the feed and Open311's XML unreadable, and the feed's
# HTML summary carried the content's markup as markup.
@example(
    title=("</title><script>alert(3)</script>\uffff", "</title><script>alert(3)</script>"),
    content=("\uffff<script>alert('pa')</script>\ufffe", "<script>alert('pa')</script>"),
    address=("]]><script>alert(7)</script><![CDATA[", "]]><script>alert(7)</script><![CDATA["),
)
@given(title=text_with_markup(), content=text_with_markup(), address=text_with_markup())
def test_report_text_with_markup_is_shown_escaped_everywhere(world, title, content, address):
    """Sent through the form, then published: the reporter's page, the public
    page, the list, the search, the feed, the map's data and Open311 carry it
    as text, never as markup."""
    texts = {"title": title, "content": content, "address": address}
    with isolated_example():
        citizen = UserFactory()
        reporter = new_client(citizen)
        form = {name: text for name, (text, _payload) in texts.items()}
        point = {"latitude": DONG_HA[0], "longitude": DONG_HA[1]}
        response = reporter.post(CREATE_URL, {**form, **point, "category": world.category.pk})
        assert_safe_page(response)
        report = Report.objects.filter(reporter=citizen).first()
        if report is None:  # refused (too long, say): the form shows it back, escaped
            for text, payload in texts.values():
                assert_shown_escaped(page_text(response), payload, text)
            return
        pages = {"reporter's page": reporter.get(report.get_absolute_url())}
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.PUBLISHED, is_public=True, published_at=timezone.now()
        )
        visitor = new_client()
        pages["public page"] = visitor.get(report.get_absolute_url())
        pages["list"] = visitor.get("/")
        pages["search"] = visitor.get("/", {"q": report.code})
        for where, response in pages.items():
            assert response.status_code == 200, where
            assert_safe_page(response)
        stored = {"title": report.title, "content": report.content, "address": report.address}
        for name in ("title", "content", "address"):
            assert_shown_escaped(page_text(pages["public page"]), texts[name][1], stored[name])
        assert_shown_escaped(page_text(pages["list"]), title[1], report.title)

        feed = visitor.get(FEED_URL)
        xml = visitor.get(f"{OPEN311_REQUESTS}.xml", {"service_request_id": report.code})
        for _text, payload in texts.values():
            assert_feed_safe(feed.content, payload)
            assert_not_markup(xml.content.decode(), payload)
        carried = parse_xml(xml.content).find("request/address").text or ""
        if address[1] in report.address:  # XML carries it as text, not as markup
            assert address[1] in carried
        points = assert_json(visitor.get(MAP_DATA_URL, {"bbox": PROVINCE_BOX, "zoom": "14"}))
        assert [f["properties"]["title"] for f in points["features"]].count(report.title) == 1

"""Fuzzing the report pages (security review): the report form, the search and
every filter of the community list, the map, the statistics, the personal area
and the triage dashboard, the map's box and the nearby-reports lookup, and the
agency's action forms. No answer is a 500; a saved report keeps no control
character and no point outside the province; text with markup is shown escaped
on every page, feed and export that carries it."""

import warnings
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from accounts.tests.factories import UserFactory
from accounts.text import CONTROL_CHARACTERS
from phananh.testing.fuzzing import (
    assert_json,
    assert_local_redirect,
    assert_no_server_error,
    assert_not_markup,
    assert_safe_page,
    assert_shown_escaped,
    fuzz,
    has_nul,
    isolated_example,
    new_client,
    page_text,
)
from phananh.testing.strategies import (
    coordinate_text,
    digit_lookalikes,
    either,
    evenly,
    hostile_text,
    mutated,
    number_text,
    parameters,
    text_with_markup,
    valid_or_hostile,
    valid_or_number,
)
from reports import map_data, submissions
from reports.models import Notification, Report
from reports.public_filters import Tab
from reports.triage import selectors as triage_selectors

from .factories import (
    AgencyMembershipFactory,
    CategoryFactory,
    NotificationFactory,
    WardFactory,
    report_in_state,
)
from .helpers import (
    CREATE_URL,
    DONG_HA,
    DRAFTS_URL,
    MY_REPORTS_URL,
    NEARBY_URL,
    NOTIFICATIONS_DELETE_URL,
    NOTIFICATIONS_URL,
    parse_xml,
    report_data,
)
from .triage_world import QUEUE_URL, action_url, report_url

pytestmark = pytest.mark.django_db

MAP_URL = "/ban-do/"
MAP_DATA_URL = "/ban-do/du-lieu.geojson"
STATS_URL = "/thong-ke/"
FEED_URL = "/phan-anh/moi.atom"
OPEN311_REQUESTS = "/open311/v2/requests"
PROVINCE_BOX = "106,16,108,18"


ATOM = "{http://www.w3.org/2005/Atom}"


def assert_feed_safe(content: bytes, payload: str | None = None) -> None:
    """A well-formed Atom feed whose HTML parts (type="html") hold no markup
    from the input once a reader decodes them."""
    root = parse_xml(content)
    assert root.tag == f"{ATOM}feed"
    if payload is not None:
        assert_not_markup(content.decode(), payload)
        for element in root.iter():
            if element.get("type") == "html":
                assert_not_markup(element.text or "", payload)


@dataclass
class World:
    """What the filters can name: one category, one ward, one agency with an
    officer, and a public report in the ward, on the map, that the agency leads."""

    category: object
    ward: object
    officer: object
    report: Report


@pytest.fixture
def world(db):
    category = CategoryFactory(slug="giao-thong", name="Giao thông")
    ward = WardFactory(code="T19999", name="Phường Đông Hà")
    membership = AgencyMembershipFactory(agency__code="so-xay-dung")
    report = report_in_state(
        Report.Status.IN_PROGRESS,
        lead_agency=membership.agency,
        category=category,
        ward=ward,
        is_public=True,
        latitude=DONG_HA[0],
        longitude=DONG_HA[1],
    )
    return World(category=category, ward=ward, officer=membership.user, report=report)


def iso_day() -> st.SearchStrategy[str]:
    return st.dates().map(lambda day: day.isoformat())


def page_number() -> st.SearchStrategy[str]:
    return valid_or_number(st.integers(0, 4).map(str))


def list_filters(world: World) -> st.SearchStrategy[dict]:
    """The community list's and the map's parameters (public_filters, map_data)."""
    return parameters(
        ("tab", "category", "sent_from", "sent_to", "q", "page"),
        values={
            "tab": valid_or_hostile(st.sampled_from(Tab.values)),
            "category": valid_or_hostile(st.just(world.category.slug)),
            "sent_from": valid_or_hostile(iso_day()),
            "sent_to": valid_or_hostile(iso_day()),
            "q": valid_or_hostile(st.sampled_from([world.report.code, "ổ gà", "Đông Hà"])),
            "page": page_number(),
        },
        extra=("format", "bbox"),
    )


# --- The report form ------------------------------------------------------------------


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


# --- Lists and their filters --------------------------------------------------------


@fuzz(50)
@given(data=st.data())
def test_the_community_list_map_and_stats_never_fail_on_any_filter(world, data):
    params = data.draw(list_filters(world), label="params")
    with isolated_example():
        visitor = new_client()
        for url in ("/", MAP_URL, STATS_URL, "/thong-ke/chuyen-muc.csv"):
            assert_safe_page(visitor.get(url, params))


@fuzz(30)
@given(segment=hostile_text())
def test_the_category_and_ward_feeds_never_fail_on_any_name(world, segment):
    with isolated_example():
        visitor = new_client()
        for url in ("/phan-anh/chuyen-muc/{}.atom", "/phan-anh/dia-ban/{}.atom", "/phan-anh/{}/"):
            response = visitor.get(url.format(quote(segment, safe="")))
            assert_safe_page(response)
            if response.status_code == 200 and url.endswith(".atom"):
                assert_feed_safe(response.content)


@fuzz(40)
@given(data=st.data())
def test_the_personal_area_never_fails_on_any_filter(world, data):
    params = data.draw(
        parameters(
            ("status", "sent_from", "sent_to", "page"),
            values={
                "status": valid_or_hostile(st.sampled_from(Report.Status.values)),
                "sent_from": valid_or_hostile(iso_day()),
                "sent_to": valid_or_hostile(iso_day()),
                "page": page_number(),
            },
        ),
        label="params",
    )
    pk = data.draw(valid_or_number(st.just(str(world.report.pk))), label="pk")
    with isolated_example():
        citizen = new_client(world.report.reporter)
        for url in (MY_REPORTS_URL, DRAFTS_URL, NOTIFICATIONS_URL):
            response = citizen.get(url, params)
            assert_safe_page(response)
            assert response.status_code in {200, 400, 404}  # 400: NUL; 404: no such page
        assert_safe_page(citizen.post(NOTIFICATIONS_DELETE_URL, {"pk": pk}))


# Regression: str.isdigit() holds for these, which int() refuses (a 500).
@pytest.mark.parametrize("pk", ["²", "0" * 4301])
def test_regression_deleting_a_notification_python_cannot_read_deletes_none(world, pk):
    notification = NotificationFactory(recipient=world.report.reporter, read_at=timezone.now())
    response = new_client(world.report.reporter).post(NOTIFICATIONS_DELETE_URL, {"pk": pk})
    assert response.status_code == 302
    assert Notification.objects.filter(pk=notification.pk).exists()


@fuzz(40)
@given(data=st.data())
def test_the_triage_queue_never_fails_on_any_filter(world, data):
    params = data.draw(
        parameters(
            ("tab", "status", "category", "level", "ward", "overdue", "sent_from", "sent_to"),
            values={
                "tab": valid_or_hostile(
                    st.sampled_from([tab.slug for tab in triage_selectors.TABS])
                ),
                "status": valid_or_hostile(st.sampled_from(Report.Status.values)),
                "category": valid_or_number(st.just(str(world.category.pk))),
                "level": valid_or_hostile(st.sampled_from(Report.Level.values)),
                "ward": valid_or_number(st.just(str(world.ward.pk))),
                "overdue": valid_or_hostile(st.sampled_from(["yes", "no"])),
                "sent_from": valid_or_hostile(iso_day()),
                "sent_to": valid_or_hostile(iso_day()),
            },
            extra=("page", "agency"),
        ),
        label="params",
    )
    with isolated_example():
        officer = new_client(world.officer)
        # The officer sees both pages, unless `agency` names another agency, the
        # page does not exist or a NUL is refused.
        may_refuse = {"agency", "page"} & set(params) or has_nul(params)
        for url in (QUEUE_URL, report_url(world.report.code)):
            response = officer.get(url, params)
            assert_safe_page(response)
            assert response.status_code == 200 or may_refuse


# --- The agency's actions -------------------------------------------------------------

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


def action_form() -> st.SearchStrategy[tuple[str, dict]]:
    def fields(action):
        names = [f"{action}-{name}" for name in ACTION_FIELDS[action]]
        deadline = st.datetimes(min_value=timezone.now().replace(tzinfo=None)).map(
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


# --- The map's data and the nearby lookup ---------------------------------------------


def bbox_text() -> st.SearchStrategy[str]:
    """A box west,south,east,north: a valid one half the time."""
    valid = st.builds(
        lambda west, south, width, height: f"{west},{south},{west + width},{south + height}",
        st.floats(100, 110),
        st.floats(10, 20),
        st.floats(0.0001, 10),
        st.floats(0.0001, 10),
    )
    parts = st.lists(st.one_of(number_text(), coordinate_text()), max_size=6).map(",".join)
    return either(valid, st.one_of(parts, hostile_text()))


def box_and_zoom() -> st.SearchStrategy[dict]:
    """bbox and zoom: each valid, number-like, other text or missing, as often
    as each other (zoom below 12 asks for the grid, from 12 for points)."""
    valid_zoom = st.integers(0, map_data.MAP_MAX_ZOOM).map(str)
    return st.fixed_dictionaries(
        {
            "bbox": evenly(st.just(PROVINCE_BOX), bbox_text(), st.none()),
            "zoom": evenly(valid_zoom, digit_lookalikes, number_text(), st.none()),
        }
    ).map(lambda params: {name: value for name, value in params.items() if value is not None})


@fuzz(60)
@given(data=st.data(), box=box_and_zoom())
def test_the_map_data_never_fails_on_any_box(world, data, box):
    params = {**data.draw(list_filters(world), label="filters"), **box}
    with isolated_example(), warnings.catch_warnings():
        # Regression: the grid's cache key held the raw filters, of any length.
        warnings.simplefilter("error", CacheKeyWarning)
        response = new_client().get(MAP_DATA_URL, params)
        assert_no_server_error(response)
        if response.status_code == 200:
            assert assert_json(response)["type"] == "FeatureCollection"
        else:  # the view's message, or the NUL guard's page before it
            assert response.status_code == 400


@fuzz(40)
@given(data=st.data())
def test_the_nearby_lookup_never_fails(world, data):
    params = data.draw(
        parameters(
            ("lat", "lon", "category"),
            values={
                "lat": coordinate_text(),
                "lon": coordinate_text(),
                "category": valid_or_number(st.just(str(world.category.pk))),
            },
        ),
        label="params",
    )
    with isolated_example():
        response = new_client(world.report.reporter).get(NEARBY_URL, params)
        assert_no_server_error(response)
        if response.status_code != 400:  # 400: the NUL guard
            assert isinstance(assert_json(response)["results"], list)

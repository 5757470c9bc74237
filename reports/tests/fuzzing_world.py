"""What the fuzzing tests of the report pages (security review) share: the
pages' addresses, a world the filters can name, the strategies of the list
filters, and the check of an Atom feed. A test module imports the fixture
under its own name (`from .fuzzing_world import world as world`): pytest finds
it there, and linters read the import as meant."""

from dataclasses import dataclass

import pytest
from hypothesis import strategies as st

from phananh.testing.fuzzing import assert_not_markup
from phananh.testing.strategies import parameters, valid_or_hostile, valid_or_number
from reports.models import Report
from reports.public_filters import Tab

from .factories import AgencyMembershipFactory, CategoryFactory, WardFactory, report_in_state
from .helpers import DONG_HA, parse_xml

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

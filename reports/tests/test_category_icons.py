"""Category icons are SVG symbols of static/img/category-icons.svg, not emoji
(issue 14): devices without an emoji font showed empty boxes. `Category.icon`
holds a symbol's name, `{% category_icon %}` draws it on the community list,
the map's chips, the report page and the triage page, and an unknown name
falls back to the generic icon."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from reports.models import Category, Report
from reports.reference_data import CATEGORIES
from reports.templatetags.category_icons import ICON_NAMES, category_icon

from .factories import CategoryFactory, report_in_state
from .helpers import detail_url, parse_xml, text
from .triage_pages import officer as officer
from .triage_pages import world as world
from .triage_world import report_url

SPRITE = Path(settings.BASE_DIR) / "static" / "img" / "category-icons.svg"
SPRITE_URL = "/static/img/category-icons.svg"
# Pictographs, symbols and the emoji presentation selector: none may reach a page.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u26ff\ufe0f]")


def use_of(name: str) -> str:
    return f'<use href="{SPRITE_URL}#cat-{name}"></use>'


def sprite_symbols() -> set[str]:
    root = parse_xml(SPRITE.read_bytes())
    return {symbol.get("id") for symbol in root.iter("{http://www.w3.org/2000/svg}symbol")}


# --- The names and the sprite --------------------------------------------------------------


def test_every_seed_category_names_an_icon_of_the_sprite():
    symbols = sprite_symbols()
    assert {f"cat-{name}" for name in ICON_NAMES} | {"cat-generic"} == symbols
    for data in CATEGORIES:
        assert data.icon in ICON_NAMES, data.slug
        assert len(data.icon) <= Category._meta.get_field("icon").max_length
        assert not EMOJI.search(data.icon)


@pytest.mark.django_db
def test_load_reference_data_replaces_an_old_emoji_with_the_icon_name():
    call_command("load_reference_data", stdout=io.StringIO())
    Category.objects.filter(slug="giao-thong").update(icon="🚦")

    call_command("load_reference_data", stdout=io.StringIO())

    assert Category.objects.get(slug="giao-thong").icon == "traffic"
    assert not any(EMOJI.search(icon) for icon in Category.objects.values_list("icon", flat=True))


def test_an_unknown_name_shows_the_generic_icon_and_no_name_shows_none():
    assert use_of("water") in category_icon(Category(icon="water"))
    assert use_of("generic") in category_icon(Category(icon="🚧"))
    assert use_of("generic") in category_icon(Category(icon="nope"))
    assert category_icon(Category(icon="")) == ""
    assert category_icon(None) == ""
    svg = category_icon(Category(icon="tree"))
    assert svg.startswith('<svg class="icon icon--category" aria-hidden="true" focusable="false">')


# --- Where the icons show ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_the_map_and_the_report_page_draw_the_svg_icon(client):
    category = CategoryFactory(name="Cấp thoát nước", slug="cap-thoat-nuoc", icon="water")
    report = report_in_state(Report.Status.IN_PROGRESS, is_public=True, category=category)

    for url in ("/", "/ban-do/", detail_url(report.code)):
        html = text(client.get(url))
        assert use_of("water") in html, url
        assert not EMOJI.search(html), url
    card = text(client.get("/"))
    assert f'<span class="chip">{category_icon(category)} Cấp thoát nước</span>' in card


@pytest.mark.django_db
def test_the_triage_page_draws_the_svg_icon(officer, world):
    category = CategoryFactory(name="Cây xanh", icon="tree")
    report = world.report(Report.Status.IN_PROGRESS, category=category)

    html = text(officer.get(report_url(report.code)))

    assert f'<span class="chip">{category_icon(category)} Cây xanh</span>' in html
    assert not EMOJI.search(html)


# --- In the browser ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_icons_are_drawn_with_a_size(page):
    CategoryFactory(name="Cây xanh", slug="cay-xanh", icon="tree")
    category = CategoryFactory(name="Thiên tai", slug="thien-tai", icon="flood")
    report_in_state(Report.Status.IN_PROGRESS, is_public=True, category=category)

    page.goto("/")
    chip_icons = page.locator(".category-chips .icon--category use")
    expect(chip_icons).to_have_count(2)
    card_icon = page.locator(".report-card .chip .icon--category use")
    expect(card_icon).to_have_count(1)
    for use in (chip_icons.first, chip_icons.last, card_icon):
        # The symbol's shapes, not just the <svg> box: 0 if the sprite or the symbol is missing.
        box = use.evaluate("use => { const b = use.getBBox(); return [b.width, b.height]; }")
        assert box[0] > 4 and box[1] > 4, box
        size = use.evaluate("element => element.closest('svg').getBoundingClientRect().width")
        assert size >= 12

"""The report form's ward search (issue 14, defect 1): typing the placeholder's
own example "dong ha" used to select "Phường Nam Đông Hà", its first partial
match, and file the report under the wrong ward. Now exact names come first,
then whole words, then parts of names (accents never matter); the citizen taps
the ward in a short list and sees the choice. The rule lives in
reports/ward_search.py; the script only looks the query up."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import assert_accessible, log_in
from reports.ward_search import ward_search_entries

from .factories import WardFactory
from .helpers import CREATE_URL
from .report_form_steps import PLACE, show_step

# The real names of the province's wards (load_admin_units --province 44).
DONG_HA = "Phường Đông Hà"
NAM_DONG_HA = "Phường Nam Đông Hà"
DONG_TRACH = "Xã Đông Trạch"

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards(db):
    return {
        name: WardFactory(name=name, kind=name.split()[0])
        for name in (NAM_DONG_HA, DONG_HA, DONG_TRACH, "Phường Đồng Hới", "Xã Hải Lăng")
    }


def rank(entry, query):
    """The form script's lookup (static/js/ward-search.js): 0 exact, 1 whole
    words, 2 part of the name, None no match."""
    if query in entry["exact"]:
        return 0
    if query in entry["words"]:
        return 1
    return 2 if query in entry["text"] else None


def best_first(entries, query):
    found = [(rank(entry, query), order, entry["name"]) for order, entry in enumerate(entries)]
    return [name for level, order, name in sorted(f for f in found if f[0] is not None)]


def test_keys_are_folded_and_split_into_exact_names_and_whole_words(wards):
    entry = next(e for e in ward_search_entries(wards.values()) if e["name"] == NAM_DONG_HA)
    assert entry["exact"] == ["nam dong ha", "phuong nam dong ha"]
    assert "dong ha" in entry["words"] and "dong h" not in entry["words"]
    assert entry["text"] == "phuong nam dong ha"
    assert entry["pk"] == wards[NAM_DONG_HA].pk


def test_dong_ha_is_first_for_its_own_name_typed_without_accents(wards):
    entries = ward_search_entries(wards.values())
    assert best_first(entries, "dong ha") == [DONG_HA, NAM_DONG_HA]
    assert best_first(entries, "phuong dong ha") == [DONG_HA]
    assert best_first(entries, "nam dong ha") == [NAM_DONG_HA]


def test_whole_words_come_before_parts_of_names(wards):
    entries = ward_search_entries(wards.values())
    # "ha" is a word of Đông Hà and Nam Đông Hà, only the start of "Hải" in Hải Lăng,
    # whose name is shorter than Nam Đông Hà's.
    assert best_first(entries, "ha") == [DONG_HA, NAM_DONG_HA, "Xã Hải Lăng"]
    # Parts of names only: shortest names first.
    assert best_first(entries, "don") == [DONG_HA, "Phường Đồng Hới", DONG_TRACH, NAM_DONG_HA]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_dong_ha_lists_it_first_and_picks_nothing_until_tapped(page, wards):
    UserFactory(phone="+84912000121")
    log_in(page, "0912 000 121", PASSWORD)
    page.goto(CREATE_URL)
    show_step(page, PLACE)
    ward_select = page.get_by_label("Phường, xã", exact=True)

    page.get_by_label("Tìm phường, xã (gõ không dấu cũng được)").fill("dong ha")
    matches = page.locator("#ward-matches button")
    expect(matches).to_have_text([DONG_HA, NAM_DONG_HA])
    expect(ward_select).to_have_value("")  # nothing chosen behind the citizen's back
    assert_accessible(page)

    matches.first.click()
    expect(ward_select).to_have_value(str(wards[DONG_HA].pk))
    expect(page.locator("#ward-chosen")).to_have_text(f"Đã chọn: {DONG_HA}")
    expect(matches).to_have_count(0)

    page.get_by_role("button", name="Lưu nháp").click()
    page.locator(".message").get_by_text("Đã lưu nháp.").wait_for()
    expect(page.get_by_label("Phường, xã", exact=True)).to_have_value(str(wards[DONG_HA].pk))
    assert re.search(r"/phan-anh/nhap/\d+/$", page.url)

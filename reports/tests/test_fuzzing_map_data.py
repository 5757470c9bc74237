"""Fuzzing the map's data and the nearby-reports lookup (security review): any
box, zoom and list filter, any point and category. No answer is a 500; what is
not refused is JSON of the expected shape."""

import warnings

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from hypothesis import given
from hypothesis import strategies as st

from phananh.testing.fuzzing import (
    assert_json,
    assert_no_server_error,
    fuzz,
    isolated_example,
    new_client,
)
from phananh.testing.strategies import (
    coordinate_text,
    digit_lookalikes,
    either,
    evenly,
    hostile_text,
    number_text,
    parameters,
    valid_or_number,
)
from reports import map_data

from .fuzzing_world import MAP_DATA_URL, PROVINCE_BOX, list_filters
from .fuzzing_world import world as world
from .helpers import NEARBY_URL

pytestmark = pytest.mark.django_db


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

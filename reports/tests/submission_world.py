"""What the report form tests (/phan-anh/gui/) share: a category, and wards
around the test points. A test module imports each fixture it uses under its
own name (`from .submission_world import wards as wards`): pytest finds it
there, and linters read the import as meant."""

import pytest

from .factories import CategoryFactory, WardFactory
from .helpers import DONG_HA, QUANG_TRI_TOWN


@pytest.fixture
def category(db):
    return CategoryFactory(name="Giao thông", slug="giao-thong", icon="🚧")


@pytest.fixture
def wards(db):
    """Two wards around the test points and one far north (Đồng Hới side)."""
    return {
        "dong_ha": WardFactory(name="Phường Đông Hà", latitude=DONG_HA[0], longitude=DONG_HA[1]),
        "quang_tri": WardFactory(
            name="Phường Quảng Trị", latitude=QUANG_TRI_TOWN[0], longitude=QUANG_TRI_TOWN[1]
        ),
        "dong_hoi": WardFactory(name="Phường Đồng Hới", latitude=17.4689, longitude=106.6222),
    }

"""A moment reads the same in messages, the admin and the templates."""

from datetime import UTC, datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime

from reports.dates import local_date_and_time, local_datetime

MOMENT = datetime(2026, 3, 5, 7, 30, tzinfo=UTC)  # 14:30 in Vietnam


@pytest.mark.parametrize("language", ["vi", "en"])
def test_as_the_templates_write_it_in_every_language(language):
    with translation.override(language):
        assert local_datetime(MOMENT) == "14:30 05/03/2026"
        assert local_datetime(MOMENT) == date_format(localtime(MOMENT), "DATETIME_FORMAT")
    assert local_date_and_time(MOMENT) == ("05/03/2026", "14:30")
    assert local_datetime(None) == ""

"""Banned words are matched without regard to case or accents, as whole words;
a banned word written with accents does not catch other words spelled the same
without them ("đĩ" must not hold every "đi")."""

import pytest

from moderation.models import BannedWord
from moderation.text import banned_words_in, normalize


@pytest.mark.parametrize(
    ("banned", "text"),
    [
        ("dien", "Đồ điên!"),
        ("dien", "DIÊN"),
        ("dien", "điện"),  # written without accents: every spelling
        ("dien", "đang dien"),
        ("điên", "đồ dien"),  # the bare spelling typed to get round the filter
        ("điên", "Đồ ĐIÊN."),
        ("ngu ngốc", "thật là NGU NGỐC quá"),
        ("ngu ngoc", "thật là ngu   ngốc"),
        ("lừa đảo", "bọn lừa-đảo"),
    ],
)
def test_matches(banned, text):
    assert banned_words_in(text, [normalize(banned)]) == [normalize(banned)]


@pytest.mark.parametrize(
    ("banned", "text"),
    [
        ("dien", "diendan"),  # not part of a longer word
        ("dien", "kiendien"),
        ("điên", "mất điện cả tuần"),  # accents that differ: another word
        ("đĩ", "đi làm về"),
        ("ngu ngốc", "ngu thì ngốc"),  # a phrase is matched whole
        ("ngu", "nguồn nước"),
    ],
)
def test_does_not_match(banned, text):
    assert banned_words_in(text, [normalize(banned)]) == []


@pytest.mark.django_db
def test_banned_word_keeps_its_folded_form():
    word = BannedWord.objects.create(word="  Lừa   ĐẢO ")

    assert word.word == "lừa đảo"
    assert word.word_folded == "lua dao"

"""Matching comment text against the banned words (see BannedWord)."""

import re
import unicodedata
from collections.abc import Iterable

from accounts.text import fold

WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Lower case, composed accents (NFC), single spaces: how a banned word is kept."""
    return " ".join(WORD.findall(unicodedata.normalize("NFC", str(text)).lower()))


def _plain(word: str) -> bool:
    """Written without any accent ("dien", not "điên")."""
    return word == fold(word)


def _same(typed: str, banned: str) -> bool:
    # One word: equal without accents, and either side written without
    # accents, or both written with the same ones.
    return fold(typed) == fold(banned) and (_plain(banned) or _plain(typed) or typed == banned)


def banned_words_in(text: str, banned: Iterable[str]) -> list[str]:
    """The banned words (as kept, see `normalize`) that occur in `text` as whole words."""
    words = normalize(text).split()
    folded = [fold(word) for word in words]
    found = []
    for entry in banned:
        parts = entry.split()
        if not parts:
            continue
        first = fold(parts[0])
        size = len(parts)
        for start, word in enumerate(folded):
            if word != first:
                continue
            window = words[start : start + size]
            if len(window) == size and all(map(_same, window, parts)):
                found.append(entry)
                break
    return found

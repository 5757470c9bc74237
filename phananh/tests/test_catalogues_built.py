"""The production image compiles the same translation catalogues as `make
messages`: a catalogue folder left out of the Dockerfile would leave the live
admin half in English."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def compiled(text: str) -> set[tuple[str, str]]:
    """(domain, folder) of every catalogue the text compiles with pybabel."""
    found = set()
    for line in text.splitlines():
        loop = re.search(r"for dir in ([\w ]+); do .*pybabel compile --domain (\w+)", line)
        if loop:
            found |= {(loop[2], folder) for folder in loop[1].split()}
        single = re.search(r"pybabel compile --domain (\w+) --directory (\w+)", line)
        if single:
            found.add((single[1], single[2]))
    return found


def test_the_image_compiles_every_catalogue_make_messages_compiles():
    made = compiled((ROOT / "Makefile").read_text())
    assert ("djangojs", "locale_django") in made and ("django", "locale") in made
    assert compiled((ROOT / "Dockerfile").read_text()) == made


def test_every_catalogue_folder_is_compiled():
    folders = {path.parent.parent.parent.name for path in ROOT.glob("locale*/*/LC_MESSAGES/*.po")}
    assert folders == {folder for _domain, folder in compiled((ROOT / "Makefile").read_text())}

"""The repository stands on its own: the README says what the portal is, and
the code cites the README's sections, never a file outside the repository
(issue 14, newcomers)."""

import re
import shutil
import subprocess  # nosec B404 # git with fixed arguments
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
SECTIONS = set(re.findall(r"^### §(\d+)\. ", README, re.M))


def tracked_text_files() -> list[Path]:
    try:
        listed = subprocess.run(  # noqa: S603 # nosec B603 # fixed arguments
            [
                shutil.which("git") or "git",
                "ls-files",
                "*.py",
                "*.html",
                "*.js",
                "*.css",
                "*.md",
                "Makefile",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("needs the git checkout")
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def test_the_readme_says_what_the_portal_is():
    for heading in ("People and roles", "The workflow", "Screens and words"):
        assert heading in README
    assert {str(number) for number in range(1, 12)} == SECTIONS


def test_nothing_points_outside_the_repository():
    outside = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in tracked_text_files()
        if path != Path(__file__)  # the one file that names them, to look for them
        for line in path.read_text(errors="replace").splitlines()
        if "../shared" in line or re.search(r"\bSPEC(\s+section)?\s+\d", line)
    ]
    assert not outside, outside


def test_every_cited_readme_section_exists():
    cited = {
        (path.relative_to(ROOT), number)
        for path in tracked_text_files()
        for number in re.findall(r"README\s+§(\d+)", path.read_text(errors="replace"))
    }
    missing = sorted(str(where) for where, number in cited if number not in SECTIONS)
    assert cited and not missing, missing

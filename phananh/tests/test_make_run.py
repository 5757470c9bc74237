"""`make run` serves on 127.0.0.1:8000, or on the port given (`make run PORT=8080`)."""

import shutil
import subprocess  # nosec B404 # runs make with fixed arguments
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="needs make")


def planned_commands(*arguments: str) -> str:
    """What `make run` would do, without doing it (make -n)."""
    make = shutil.which("make") or "make"
    return subprocess.run(  # noqa: S603 # nosec B603 # fixed arguments
        [make, "-n", "run", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def test_make_run_serves_on_port_8000_by_default():
    assert "runserver 127.0.0.1:8000" in planned_commands()


def test_make_run_takes_a_port():
    commands = planned_commands("PORT=8080")
    assert "runserver 127.0.0.1:8080" in commands
    assert "http://127.0.0.1:8080/admin/" in commands

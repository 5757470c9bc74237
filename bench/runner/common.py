"""What every part of the runner shares: where things are, the services it talks to, log().

Only the standard library here and in every module the parent process imports: Django
runs in subprocesses (django_side.py), gunicorn and wrk in their own processes.
"""

import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = BENCH_DIR.parent
PY = BASE_DIR / ".venv" / "bin" / "python"
if not PY.exists():
    PY = Path(sys.executable)
WORK_DIR = BASE_DIR / "var" / "bench"  # logs, raw results, media; var/ is git-ignored

DB_NAME = "phananh_bench"
PG = ("-h", "127.0.0.1", "-p", "5432", "-U", "postgres")
REDIS_DB = 14
HOST = "127.0.0.1"
WORKERS = 3


def log(message: str = "") -> None:
    print(message, flush=True)


class BenchError(RuntimeError):
    """Something broke: the run cannot go on."""

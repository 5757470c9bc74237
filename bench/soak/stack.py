"""The processes of the soak run: Celery worker and beat, the SMS stand-in and
the load tool, each in its own process group (gunicorn is bench.runner's)."""

# ruff: noqa: S603 - the project's own virtualenvs and modules, fixed arguments

import os
import signal
import subprocess  # nosec B404 # starts the portal's own processes, no shell
import time
from pathlib import Path

from bench.runner.common import BASE_DIR, PY, BenchError, log

CELERY = PY.parent / "celery"
SOAK_VENV = BASE_DIR / ".venv-soak"
LOCUST = SOAK_VENV / "bin" / "locust"
REQUIREMENTS = BASE_DIR / "bench" / "soak" / "requirements.txt"


class Process:
    """One command in its own session, logged to a file; stopped (or killed) as a group."""

    def __init__(self, name: str, args: list, env: dict, log_file: Path):
        self.name, self.args, self.env, self.log_file = name, [str(a) for a in args], env, log_file
        self.process: subprocess.Popen | None = None

    def start(self) -> "Process":
        with self.log_file.open("ab") as out:
            self.process = subprocess.Popen(  # nosec B603 # fixed argument list
                self.args,
                cwd=BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def log_size(self) -> int:
        return self.log_file.stat().st_size if self.log_file.exists() else 0

    def wait_for_line(self, text: str, *, after: int = 0, timeout: float = 60) -> float:
        """Seconds until `text` appears in the log past byte `after`."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            with self.log_file.open("rb") as stored:
                stored.seek(after)
                if text.encode() in stored.read():
                    return time.monotonic() - started
            if self.process.poll() is not None:
                raise BenchError(f"{self.name} exited ({self.process.returncode}): {self.log_file}")
            time.sleep(0.2)
        raise BenchError(f"{self.name}: no “{text}” within {timeout:.0f} s ({self.log_file})")

    def kill(self) -> None:
        """SIGKILL to the whole group: no clean shutdown, as a crash would be."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self, timeout: float = 20) -> None:
        if not self.process or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        except ProcessLookupError:
            pass


def worker(env: dict, log_file: Path) -> Process:
    return Process(
        "celery worker",
        [CELERY, "-A", "phananh", "worker", "--concurrency", "2", "--loglevel", "INFO",
         "--without-gossip", "--without-mingle"],
        env, log_file,
    )  # fmt: skip


def beat(env: dict, log_file: Path, schedule: Path) -> Process:
    return Process(
        "celery beat",
        [CELERY, "-A", "phananh", "beat", "--loglevel", "INFO", "--schedule", schedule],
        env, log_file,
    )  # fmt: skip


def gateway(port: int, work: Path) -> Process:
    return Process(
        "SMS gateway",
        [PY, "-m", "bench.soak.gateway", port, work / "gateway.jsonl"],
        {**os.environ, "PYTHONPATH": str(BASE_DIR)},
        work / "gateway.log",
    )


def ensure_locust() -> None:
    """The load tool lives in its own virtualenv (gevent stays out of the portal's)."""
    if LOCUST.exists():
        return
    log("Installing locust into .venv-soak (bench/soak/requirements.txt) ...")
    subprocess.run([PY, "-m", "venv", SOAK_VENV], check=True, timeout=300)  # nosec B603
    subprocess.run(  # nosec B603 # pinned requirements of the repository
        [SOAK_VENV / "bin" / "pip", "install", "-q", "-r", REQUIREMENTS],
        check=True,
        timeout=900,
    )


def locust(*, host: str, users: int, seconds: int, work: Path, gateway_url: str) -> Process:
    """locust for `seconds` and what the faults take longer (the runner stops it),
    never past 300 s more: the run ends by itself."""
    return Process(
        "locust",
        [LOCUST, "-f", BASE_DIR / "bench/soak/locustfile.py", "--headless", "--host", host,
         "--users", users, "--spawn-rate", max(1, users // 10), "--run-time", f"{seconds + 300}s",
         "--stop-timeout", "15", "--only-summary", "--csv", work / "locust"],
        {**os.environ, "SOAK_DIR": str(work), "SOAK_GATEWAY": gateway_url},
        work / "locust.log",
    )  # fmt: skip

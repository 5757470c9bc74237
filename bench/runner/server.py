"""gunicorn serving the portal, plain HTTP requests to it, and its workers' memory."""

# ruff: noqa: S603 - gunicorn of the project's own virtualenv

import http.client
import os
import signal
import socket
import subprocess  # nosec B404 # starts gunicorn with fixed arguments
import threading
import time
from pathlib import Path

from .common import BASE_DIR, HOST, PY, WORKERS, BenchError, log

GUNICORN = PY.parent / "gunicorn"
PROBE = "/bench/constant/"
START_TIMEOUT = 90  # until the first answer: imports, settings, the database connection
WORKERS_TIMEOUT = 30  # until every worker is forked, after the first answer
MEMORY_EVERY = 0.5  # seconds between two readings of the workers' VmHWM


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, *, cookie: str | None = None, timeout: float = 60):
    """(status, body bytes, headers) of one plain GET, redirects not followed."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def _vm_hwm_mb(pid: int) -> float | None:
    """A process's peak resident memory (VmHWM), in MB; None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


class Gunicorn:
    """gunicorn in its own process group; stopped (the whole group) on exit.

    While it runs, a thread reads every worker's VmHWM each MEMORY_EVERY seconds and
    keeps the highest per pid: a worker that gunicorn replaces (killed at its timeout on
    a slow request, crashed) takes its VmHWM with it, so a reading only once a page's run
    is over would miss the very peak the benchmark looks for."""

    def __init__(self, env: dict, log_file: Path):
        self.env, self.log_file = env, log_file
        self.process = None
        self.port = None
        self._peaks_mb: dict[int, float] = {}
        self._peaks_lock = threading.Lock()  # the sampler thread writes, the runner reads
        self._stopping = threading.Event()
        self._sampler = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def __enter__(self):
        # `with` calls __exit__ only once __enter__ returned: a gunicorn that starts but
        # never answers would otherwise be left running.
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        self.port = free_port()
        with self.log_file.open("ab") as out:
            self.process = subprocess.Popen(  # nosec B603 # fixed arguments, no shell
                [
                    str(GUNICORN), "phananh.wsgi",
                    "--workers", str(WORKERS), "--worker-class", "sync",
                    "--bind", f"{HOST}:{self.port}", "--no-control-socket",
                ],
                cwd=BASE_DIR, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                tail = self.log_file.read_text(errors="replace")[-3000:]
                raise BenchError(f"gunicorn exited ({self.process.returncode}):\n{tail}")
            try:
                if http_get(self.port, PROBE, timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn did not answer within {START_TIMEOUT} s")
            time.sleep(0.5)
        # Every worker up, so that memory is read from all of them.
        deadline = time.monotonic() + WORKERS_TIMEOUT
        while len(self.worker_pids()) < WORKERS:
            if time.monotonic() > deadline:
                found = len(self.worker_pids())
                raise BenchError(
                    f"gunicorn: {found} of {WORKERS} workers after {WORKERS_TIMEOUT} s"
                )
            time.sleep(0.2)
        self._sampler.start()
        log(f"gunicorn: pid {self.process.pid}, {WORKERS} sync workers on {HOST}:{self.port}")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            return [int(child) for child in children]
        except OSError:  # a kernel without CONFIG_PROC_CHILDREN: every process's parent
            pids = []
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid:
                    pids.append(int(stat.parent.name))
            return pids

    def _sample_memory(self) -> None:
        for pid in self.worker_pids():
            mb = _vm_hwm_mb(pid)
            if mb is not None:
                with self._peaks_lock:
                    self._peaks_mb[pid] = max(mb, self._peaks_mb.get(pid, 0.0))

    def _sample_until_stopped(self) -> None:
        while not self._stopping.wait(MEMORY_EVERY):
            self._sample_memory()

    def peak_worker_mb(self) -> float | None:
        """The highest VmHWM any worker reached so far, replaced workers included, in MB."""
        self._sample_memory()
        with self._peaks_lock:
            return max(self._peaks_mb.values(), default=None)

    def drain(self, timeout: float = 300) -> float:
        """Wait until the requests wrk left behind are done; the seconds it took.

        When wrk stops, the requests it had sent are still queued or running in
        the sync workers (a worker only sees the closed connection when it
        writes the answer). Without this, a slow page's leftovers would be
        measured as the next page's latency. The accept queue is first in,
        first out: once a probe answers fast twice in a row, every leftover
        was taken up and at most WORKERS - 1 are still finishing."""
        started = time.monotonic()
        deadline = started + timeout
        fast = 0
        while fast < 2:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BenchError(f"gunicorn still busy {timeout:.0f} s after wrk stopped")
            probe = time.monotonic()
            try:
                http_get(self.port, PROBE, timeout=left)  # no probe outlasts the deadline
            except OSError:
                time.sleep(0.5)
                continue
            fast = fast + 1 if time.monotonic() - probe < 0.2 else 0
        time.sleep(0.3)
        return time.monotonic() - started

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self._stopping.set()
        if self._sampler.is_alive():
            self._sampler.join(timeout=10)
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        except ProcessLookupError:  # the group is gone already
            pass
        log("gunicorn stopped.")

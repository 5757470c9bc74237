"""The faults of the soak run, each at its own moment, and how long the portal
took to come back: Redis stopped, the Celery worker killed, PostgreSQL
restarted, the SMS gateway failing then slow."""

# ruff: noqa: S603, S607, S310 - the machine's own tools and loopback addresses

import json
import os
import subprocess  # nosec B404 # redis-cli and pg_ctlcluster, fixed arguments
import threading
import time
import urllib.request
from dataclasses import dataclass, field

from bench.runner.common import HOST, log
from bench.runner.services import ensure_services

READY_EVERY = 0.25  # seconds between two readiness probes
# A probe waits its turn behind the users' requests: under load that takes seconds.
PROBE_TIMEOUT = 20
RECOVERY_LIMIT = 120  # seconds a part may take to come back before the run says so
PAUSE = 3  # seconds between one fault's recovery and the next fault


@dataclass
class Fault:
    name: str
    part: str  # which Injector method brings it: _redis, _worker, _postgres, _gateway
    at: float  # seconds into the load
    lasts: float  # seconds the part is away (or failing)
    started: float = 0.0  # wall clock
    ended: float = 0.0  # wall clock: the part is back (restarted, answering again)
    recovered: float | None = None  # seconds from `ended` until the portal was ready again
    notes: list[str] = field(default_factory=list)

    def window(self, grace: float = 2.0) -> tuple[float, float]:
        """When users may see the fault: from its start until the portal was ready again."""
        return self.started, self.ended + (self.recovered or 0.0) + grace


def _ready(port: int) -> bool:
    try:
        probe = f"http://{HOST}:{port}/readyz"
        with urllib.request.urlopen(probe, timeout=PROBE_TIMEOUT) as answer:  # nosec B310 # loopback
            return answer.status == 200
    except OSError:
        return False


def _until_ready(port: int) -> float | None:
    """Seconds from now until a readiness probe that then answers 200 was sent."""
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_LIMIT:
        sent = time.monotonic()
        if _ready(port):
            return sent - started
        time.sleep(READY_EVERY)
    return None


def _postgres_cluster() -> list[str]:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def _gateway_mode(url: str, mode: str, delay: float = 0) -> None:
    request = urllib.request.Request(
        f"{url}/mode", data=json.dumps({"mode": mode, "delay": delay}).encode(), method="POST"
    )
    urllib.request.urlopen(request, timeout=5).close()  # nosec B310 # loopback


class Injector:
    """Two timelines against the load's start, each one fault at a time (a
    fault waits for the previous one's recovery): the stack's (the worker,
    Redis, PostgreSQL), which users can see, and the SMS gateway's, which only
    deliveries see and which runs meanwhile. `users_done` is set once the
    stack's timeline is over."""

    def __init__(self, *, port: int, worker, gateway_url: str, slow_delay: float):
        self.port, self.worker, self.gateway_url = port, worker, gateway_url
        self.slow_delay = slow_delay
        self.faults = [
            # After the first logins: a login needs Redis to count attempts.
            Fault("Celery worker killed (SIGKILL)", "worker", at=10, lasts=3),
            Fault("SMS gateway answering 500", "gateway", at=14, lasts=20),
            Fault("Redis stopped", "redis", at=17, lasts=20),
            Fault("SMS gateway slow", "gateway", at=34, lasts=15),
            Fault("PostgreSQL restarted", "postgres", at=42, lasts=0),
        ]
        self.users_done = threading.Event()
        self.load_started = 0.0
        self.error: BaseException | None = None
        gateway = [fault for fault in self.faults if fault.part == "gateway"]
        stack = [fault for fault in self.faults if fault.part != "gateway"]
        self.threads = [
            threading.Thread(target=self._timeline, args=(stack, self.users_done), daemon=True),
            threading.Thread(target=self._timeline, args=(gateway, None), daemon=True),
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def join(self, timeout: float) -> None:
        for thread in self.threads:
            thread.join(timeout=timeout)

    def _timeline(self, faults: list[Fault], done: threading.Event | None) -> None:
        try:
            ready_at = self.load_started
            for fault in faults:
                start = max(self.load_started + fault.at, ready_at)
                time.sleep(max(0.0, start - time.time()))
                getattr(self, f"_{fault.part}")(fault)
                ready_at = fault.ended + (fault.recovered or 0.0) + PAUSE
                ready = "n/a" if fault.recovered is None else f"{fault.recovered:.1f} s"
                log(
                    f"  fault: {fault.name} at +{fault.started - self.load_started:.0f} s, "
                    f"back after {fault.ended - fault.started:.1f} s, ready again after {ready}"
                )
        except BaseException as error:  # reported by the runner, which must still clean up
            self.error = error
        finally:
            if done is not None:
                done.set()

    def _redis(self, fault: Fault) -> None:
        fault.started = time.time()
        stop = ["redis-cli", "-h", HOST, "-p", "6379", "shutdown", "nosave"]
        subprocess.run(stop, timeout=10, check=False)  # nosec B603 B607 # the machine's Redis
        time.sleep(fault.lasts)
        ensure_services()  # starts Redis again as CI does
        fault.ended = time.time()
        fault.recovered = _until_ready(self.port)

    def _worker(self, fault: Fault) -> None:
        fault.started = time.time()
        self.worker.kill()
        time.sleep(fault.lasts)
        offset = self.worker.log_size()
        self.worker.start()
        fault.ended = time.time()
        fault.recovered = self.worker.wait_for_line("ready.", after=offset, timeout=RECOVERY_LIMIT)

    def _postgres(self, fault: Fault) -> None:
        fault.started = time.time()
        subprocess.run([*_postgres_cluster(), "restart"], timeout=120, check=True)  # nosec B603 B607
        fault.ended = time.time()
        fault.recovered = _until_ready(self.port)

    def _gateway(self, fault: Fault) -> None:
        fault.started = time.time()
        slow = "slow" in fault.name
        _gateway_mode(self.gateway_url, "slow" if slow else "fail", self.slow_delay if slow else 0)
        time.sleep(fault.lasts)
        _gateway_mode(self.gateway_url, "ok")
        fault.ended = time.time()
        fault.recovered = None  # measured by the runner: until the outbox is empty
        fault.notes.append(f"delay {self.slow_delay:g} s" if slow else "HTTP 500")

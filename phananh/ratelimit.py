"""A small fixed-window rate limit in Django's cache (Redis in production, so
every web worker counts the same). Rates read like allauth's: "5/m",
"30/h", "10/15m", several separated by commas; every one must hold.

A limit that cannot be counted (Redis unreachable) refuses: what it guards
(SMS that cost money, guesses at a code, floods) waits until Redis is back."""

import re
import time

from django.core.cache import cache

from phananh.cache import CacheUnavailable

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse(rates: str) -> list[tuple[int, int]]:
    """Read "5/m,30/h" as [(5, 60), (30, 3600)]; an empty string means no limit."""
    parsed = []
    for rate in filter(str.strip, rates.split(",")):
        match = _RATE.match(rate)
        if not match:
            raise ValueError(f"Bad rate {rate!r}: expected e.g. 5/m, 30/h or 10/15m")
        amount, multiple, unit = match.groups()
        parsed.append((int(amount), int(multiple or 1) * _SECONDS[unit]))
    return parsed


def consume(key: str, rates: str) -> bool:
    """Count one use of `key`; False when that goes past any of `rates`, or
    when it cannot be counted."""
    allowed = True
    now = time.time()
    for limit, period in parse(rates):
        window = int(now // period)
        cache_key = f"rate:{key}:{period}:{window}"
        if cache.add(cache_key, 1, timeout=period + 1):
            used = 1
        else:
            try:
                used = cache.incr(cache_key)
            except ValueError:  # expired between add and incr
                cache.set(cache_key, 1, timeout=period + 1)
                used = 1
            except CacheUnavailable:
                return False
        allowed = allowed and used <= limit
    return allowed

"""Counting what one client does per time window (the public enrolment form's limits).

The client is the address gunicorn saw (``REMOTE_ADDR``) unless ``TRUSTED_PROXY_COUNT``
proxies of our own stand in front of it: each of them appends the address it saw to
``X-Forwarded-For``, so the client is that many entries from the right. Entries further
left were written by the client and are ignored (anyone can send the header). IPv6
addresses count per /64, as one household or phone gets a whole /64.

Counts live in the default cache, in fixed windows. A cache that fails (Redis down) never
refuses anyone: the limit fails open with a logged warning.
"""

import ipaddress
import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    """``count`` events per ``seconds``."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text):
        """``"20/h"``, ``"30/15m"``; None (no limit) stays None."""
        if text is None:
            return None
        match = _RATE.match(str(text))
        if match is None:
            raise ImproperlyConfigured(f"Not a rate (like 20/h or 30/15m): {text!r}")
        count, multiple, unit = match.groups()
        return cls(int(count), int(multiple or 1) * _PERIODS[unit])


def _network(address):
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) + "/64"
    return str(ip)


def client_address(request):
    """The client's address as our own proxies report it (see the module docstring)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
        ]
        if len(forwarded) >= proxies:
            address = _network(forwarded[-proxies])
            if address:
                return address
        logger.warning(
            "X-Forwarded-For has fewer than TRUSTED_PROXY_COUNT=%s valid entries; "
            "using REMOTE_ADDR",
            proxies,
        )
    return _network(request.META.get("REMOTE_ADDR", "")) or "unknown"


def client_ip(request):
    """The client's plain IP address by the same trusted-proxy rule as ``client_address``,
    for the login lockout (django-axes stores an address, not a /64 network), or None."""
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate.strip().strip("[]")))
    except ValueError:
        return None


def _key(name, client, rate, now):
    window = int(now // rate.seconds)
    return f"throttle:{name}:{rate.count}/{rate.seconds}:{client}:{window}", window


def retry_after(name, client, rate):
    """Seconds until ``client`` may do ``name`` again, or None when within ``rate``."""
    if rate is None:
        return None
    now = time.time()
    key, window = _key(name, client, rate, now)
    try:
        count = cache.get(key, 0)
    except Exception as error:  # noqa: BLE001 — any cache failure: fail open
        logger.warning("Rate limit %s not checked (cache failed: %s); allowing", name, error)
        return None
    if not isinstance(count, int) or count < rate.count:
        return None
    return max(int((window + 1) * rate.seconds - now) + 1, 1)


def count(name, client, rate):
    """Count one ``name`` for ``client`` in the current window."""
    if rate is None:
        return
    key, _window = _key(name, client, rate, time.time())
    try:
        cache.add(key, 0, rate.seconds + 5)
        try:
            cache.incr(key)
        except ValueError:  # the key expired between add and incr: this is the first
            cache.set(key, 1, rate.seconds + 5)
    except Exception as error:  # noqa: BLE001 — any cache failure: fail open
        logger.warning("Rate limit %s not counted (cache failed: %s)", name, error)

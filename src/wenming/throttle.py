"""Public rate limits: the one way to find a request's client address and count its tries.

Used by the objection form, the questionnaire answers and the certificate check, pages and
API alike (GB/T 22239-2019 §8.1.4.4 入侵防范: limit automated submissions).

- The client address: behind the documented TLS proxy every request comes from the proxy,
  so ``REMOTE_ADDR`` alone would put all citizens under one limit. When ``REMOTE_ADDR`` is
  one of ``TRUSTED_PROXIES`` (addresses or networks), the client is the right-most
  ``X-Forwarded-For`` entry that is not itself a trusted proxy (the one our proxy appended;
  entries to its left are whatever the client chose to send). Otherwise the header is
  ignored: anyone can write it.
- The counters live in Django's cache, which settings.CACHES makes shared by every worker
  (Redis, or files under var/cache): one count per address and window, not per process.
"""

import ipaddress
import time
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def is_trusted_proxy(address: str) -> bool:
    """Whether the address is one of ``TRUSTED_PROXIES`` (addresses or networks)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(meta: Mapping[str, Any]) -> str:
    """The address of the person behind the request (``request.META``), "" when unknown."""
    remote = str(meta.get("REMOTE_ADDR") or "")
    if not is_trusted_proxy(remote):
        return remote
    forwarded = [a.strip() for a in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not is_trusted_proxy(address):
            return address
    return remote  # only proxies in the chain: the request started at a proxy


def counter_cache() -> BaseCache:
    """The cache the counters live in (settings.CACHES["default"])."""
    return caches["default"]


def request_client_address(request: HttpRequest) -> str:
    """``client_address`` of a request (Axes' ``AXES_CLIENT_IP_CALLABLE`` calls this, so
    its lockout records show the person's address, not the proxy's)."""
    return client_address(request.META)


def _count(key: str, window: int) -> int:
    """Add one to the counter ``key`` (kept ``window`` seconds) and return it."""
    cache = counter_cache()
    if cache.add(key, 1, timeout=window):
        return 1
    if type(cache).incr is not BaseCache.incr:
        # Redis and local memory increment in place and keep the key's expiry.
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            return 1
    # The generic increment (files, database) would reset the expiry to the default:
    # set it again with the window's.
    count = int(cache.get(key, 0)) + 1
    cache.set(key, count, timeout=window)
    return count


def over_limit(scope: str, meta: Mapping[str, Any], *, limit: int, window: int) -> bool:
    """Count one try at ``scope`` from the request's client; True once that client has
    made more than ``limit`` in the current window of ``window`` seconds."""
    return over_limit_for(scope, client_address(meta), limit=limit, window=window)


def over_limit_for(scope: str, address: str, *, limit: int, window: int) -> bool:
    """As ``over_limit``, for an address already worked out."""
    bucket = int(time.time() // window)
    return _count(f"throttle:{scope}:{bucket}:{address or 'unknown'}", window) > limit

"""API throttles whose limits hold across processes (issue 12).

DRF's own throttles keep a list of request times in the cache, read it, append, and write it
back: with several workers, requests that read at the same moment each write their own list
and most of them go uncounted (997 of 1,500 passed a 300/minute limit with 4 workers). These
count in fixed windows with one atomic increment per request — Redis ``INCR`` through Django's
``RedisCache`` when ``REDIS_URL`` is set, a lock in the per-process memory cache otherwise.
A window admits at most the rate's number of requests; a client bursting across a window
boundary can get up to twice that in a short span, the usual price of fixed windows."""

import logging

from rest_framework import throttling

logger = logging.getLogger(__name__)


class AtomicWindowMixin:
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        key = f"{key}:{window}"
        try:
            self.cache.add(key, 0, timeout=self.duration + 1)
            try:
                count = self.cache.incr(key)
            except ValueError:  # expired between add() and incr()
                self.cache.add(key, 1, timeout=self.duration + 1)
                count = 1
        except Exception:
            # The cache (Redis) being away must not take the API with it: let the request through.
            logger.exception("Throttle counter unavailable; request not counted")
            return True
        return count <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 1)


class AnonRateThrottle(AtomicWindowMixin, throttling.AnonRateThrottle):
    """Anonymous clients, per IP (``NUM_PROXIES`` decides which address counts)."""


class UserRateThrottle(AtomicWindowMixin, throttling.UserRateThrottle):
    """Authenticated clients, per user."""

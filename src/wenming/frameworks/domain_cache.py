"""The built domain frameworks, kept between requests because scoring and ranking ask for
the same few versions thousands of times (benchmarks/scoring.py, benchmarks/ranking.py).

Explicit and bounded: at most ``DomainCache.size`` versions, the least recently used
dropped first. Each entry is keyed by the version's pk and stamped with its code, version
and save time, so a stale entry is never served; the services also forget a version as
soon as they publish, retire or revise it (``frameworks.services``).
"""

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from wenming.domain.checklists import Checklist
from wenming.domain.frameworks import CompositeFramework
from wenming.domain.frameworks import Framework as DomainFramework

DomainAny = DomainFramework | CompositeFramework | Checklist


class DomainCache:
    """A thread-safe least-recently-used map from a framework version to its domain form."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[int, tuple[str, DomainAny]] = OrderedDict()
        self._lock = Lock()

    def get(self, pk: int, stamp: str, build: Callable[[], DomainAny]) -> DomainAny:
        """The domain framework of version ``pk`` saved as ``stamp``, built when missing."""
        with self._lock:
            entry = self._entries.get(pk)
            if entry is not None and entry[0] == stamp:
                self._entries.move_to_end(pk)
                return entry[1]
        domain = build()  # outside the lock: building a large framework takes a while
        with self._lock:
            self._entries[pk] = (stamp, domain)
            self._entries.move_to_end(pk)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return domain

    def forget(self, pk: int) -> None:
        """Drop one version (it was just published, retired or revised)."""
        with self._lock:
            self._entries.pop(pk, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __contains__(self, pk: object) -> bool:
        """Whether a version is kept (for tests and checks)."""
        return pk in self._entries

    def __len__(self) -> int:
        return len(self._entries)


#: The one cache of the process.
domain_cache = DomainCache()

"""Reproducible stratified sampling of applicants for on-site checks (docs/rules.md#sampling).

The seed comes from a draw committed in advance (``domain.draw_commitment``); it is
recorded and shown, and the same seed and the same population always give the same
sample, so anyone can re-run the draw and check it.

The algorithm, step by step (simple enough to redo by hand with ``sha256sum``):

1. Split the population into strata by their stratum key (e.g. the award, the county, or
   both joined into one key by the caller).
2. For each stratum, size = ceil(ratio × population of the stratum), computed exactly
   (``0.3 × 10`` is 3, ``0.2 × 11`` is 3, never off by one through binary floats).
3. For each id of the stratum compute ``sha256(seed + id)``: the UTF-8 bytes of the seed
   immediately followed by the UTF-8 bytes of the id, no separator, as lowercase hex.
   Example: ``printf '%s' "<seed><id>" | sha256sum``.
4. Sort the ids by that hex digest ascending (ties, which sha256 makes practically
   impossible, by id) and take the first ``size`` ids.
5. Report the chosen ids of each stratum sorted by id.

Because each id's rank depends only on the seed and the id itself, the sample depends only
on the seed and the *set* of (id, stratum) pairs, never on the order they are listed in.
"""

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "Sample",
    "SamplingError",
    "StratumSample",
    "draw_sample",
    "sample_rank",
    "sample_size",
]


class SamplingError(ValueError):
    """A sampling request that cannot be carried out; ``code`` and ``params`` say why.

    The code is stable (the apps translate it into the user's language); ``params`` names the
    stratum, ratio or id concerned.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params: dict[str, object] = params
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(params.items()))
        super().__init__(f"{code}: {details}" if details else code)


@dataclass(frozen=True)
class StratumSample:
    """The draw within one stratum."""

    key: str
    population: int
    ratio: Decimal
    size: int
    chosen: tuple[str, ...]  # sorted by id


@dataclass(frozen=True)
class Sample:
    """A whole draw: the seed it came from and one entry per stratum, sorted by key."""

    seed: str
    strata: tuple[StratumSample, ...]
    # Derived totals, kept as fields so a stored result reads the same as a fresh one.
    population: int = field(init=False)
    size: int = field(init=False)
    chosen: tuple[str, ...] = field(init=False)  # every chosen id, sorted

    def __post_init__(self) -> None:
        # frozen: the derived fields are set once, here, through object.__setattr__.
        object.__setattr__(self, "population", sum(s.population for s in self.strata))
        object.__setattr__(self, "size", sum(s.size for s in self.strata))
        object.__setattr__(self, "chosen", tuple(sorted(i for s in self.strata for i in s.chosen)))

    def stratum(self, key: str) -> StratumSample:
        """The draw of one stratum; ``KeyError`` if the sample has no such stratum."""
        for stratum in self.strata:
            if stratum.key == key:
                return stratum
        raise KeyError(key)


def sample_rank(seed: str, item_id: str) -> str:
    """The rank of one id under a seed: ``sha256(seed + id)`` as lowercase hex (step 3)."""
    return hashlib.sha256((seed + item_id).encode("utf-8")).hexdigest()


def _check_ratio(key: str, ratio: object) -> Decimal:
    # Floats are refused outright: Decimal(0.3) is 0.2999…, exactly the error this module
    # exists to avoid; bool is an int subclass and never a meaningful ratio.
    if not isinstance(ratio, Decimal):
        raise SamplingError("ratio_not_decimal", stratum=key, ratio=ratio)
    if not ratio.is_finite() or not Decimal(0) <= ratio <= Decimal(1):
        raise SamplingError("ratio_out_of_range", stratum=key, ratio=ratio)
    return ratio


def sample_size(ratio: Decimal, population: int) -> int:
    """ceil(ratio × population), exactly; ``ratio`` must be a Decimal in 0..1."""
    ratio = _check_ratio("", ratio)
    if population < 0:
        raise SamplingError("population_negative", population=population)
    # Fraction(Decimal) is exact, so the ceiling never depends on the decimal context.
    return math.ceil(Fraction(ratio) * population)


def draw_sample(
    population: Iterable[tuple[str, str]],
    ratios: Mapping[str, Decimal],
    seed: str,
) -> Sample:
    """Draw a stratified sample of ``population`` (pairs of id and stratum key).

    ``ratios`` gives the share to sample per stratum key; every stratum present in the
    population needs a ratio, and a ratio for a stratum with no members yields an empty
    stratum in the result (so a report still shows it). Listing the same (id, stratum) pair
    twice is harmless; one id in two strata is an error.
    """
    if not isinstance(seed, str) or not seed:
        raise SamplingError("seed_empty")
    checked = {key: _check_ratio(key, ratio) for key, ratio in ratios.items()}

    members: dict[str, set[str]] = {key: set() for key in checked}
    stratum_of: dict[str, str] = {}
    for item_id, key in population:
        previous = stratum_of.setdefault(item_id, key)
        if previous != key:
            raise SamplingError(
                "id_in_two_strata", id=item_id, strata=tuple(sorted((previous, key)))
            )
        if key not in checked:
            raise SamplingError("ratio_missing", stratum=key)
        members[key].add(item_id)

    strata = []
    for key in sorted(members):
        ids = members[key]
        size = sample_size(checked[key], len(ids))
        ranked = sorted(ids, key=lambda item_id: (sample_rank(seed, item_id), item_id))
        strata.append(
            StratumSample(
                key=key,
                population=len(ids),
                ratio=checked[key],
                size=size,
                chosen=tuple(sorted(ranked[:size])),
            )
        )
    return Sample(seed=seed, strata=tuple(strata))

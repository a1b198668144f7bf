"""A draw committed before it is made (docs/rules.md#committed-draw), RFC 3797 in spirit.

Before the sample of a round is drawn, the candidate list is frozen and its SHA-256 is
published with the time. The seed then comes from a public draw named in advance (a
lottery's result on a given date), unknown when the list was published, optionally
combined with the numbers of two or more people present. Anyone can redo every step by
hand with ``sha256sum``:

1. **The candidate list.** One line per candidate, ``<stratum key><TAB><id><LF>``, in
   UTF-8, sorted by stratum key and then by id, both in code-point order (which is byte
   order, so ``LC_ALL=C sort -u`` gives the same lines), each pair once, the last line
   ending in LF too. Keys and ids hold no control characters, so the tab sorts below
   every character they contain and sorting whole lines equals sorting the pairs.
   ``candidates_hash`` is ``sha256`` of those bytes, in lowercase hex:
   ``printf 'award:1\\t3\\naward:1\\t5\\n' | sha256sum``.
2. **The numbers.** Each entry of numbers (the public draw's, each witness's) is read as
   its groups of digits, any other separators (spaces, commas, ``+``, ``、`` …) ignored;
   each group loses its leading zeros (``07`` → ``7``, ``00`` → ``0``) and the groups are
   joined by one space, in the order entered: ``03,07 + 12`` → ``3 7 12``. Letters or other
   signs are refused, so a typo is not silently dropped.
3. **The witnesses** (none, or at least two): each a name (spaces at the ends removed,
   inner runs of spaces made one) and numbers, written ``<name>:<numbers>``, sorted by
   name in code-point order, so the order they were typed in does not matter.
4. **The seed** is ``sha256`` of ``<candidates_hash>|<public numbers>`` followed by
   ``|<name>:<numbers>`` for each witness in that order, in UTF-8, as lowercase hex:
   ``printf '%s' '<hash>|3 7 12|张三:5|李四:42' | sha256sum``.
5. **The order.** The list, the witnesses and the public draw's date are published
   together, on or before that date; the sample is drawn on or after it (same day
   allowed, lotteries draw in the evening), so nobody could know the numbers when the
   list and the witnesses' numbers were fixed.
6. **The sample** is drawn from the frozen list with that seed by ``sampling.draw_sample``
   (rank ``sha256(seed + id)`` within each stratum, take the first ceil(ratio × size)).
   A larger ratio with the same seed takes the earlier picks and more.
"""

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .sampling import Sample, SamplingError, draw_sample

__all__ = [
    "SEPARATORS",
    "DrawCheck",
    "Witness",
    "candidate_lines",
    "candidates_bytes",
    "candidates_hash",
    "canonical_candidates",
    "check_draw",
    "combined_seed",
    "normalize_numbers",
    "normalize_witnesses",
    "seed_text",
]

#: What may stand between numbers: spaces, commas, stops, colons, dashes, plus, slash and
#: their full-width forms as typed on a Chinese keyboard.
SEPARATORS = " \t\r\n,，、.。;；:：-—+＋/／|()（）[]【】"

_DIGITS = re.compile(r"[0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
#: A witness's name is written ``name:numbers`` between ``|``: neither may be in it.
_NAME_FORBIDDEN = re.compile(r"[|:：\x00-\x1f\x7f]")
_MIN_WITNESSES = 2


@dataclass(frozen=True)
class Witness:
    """One person present and the numbers they chose, both normalized."""

    name: str
    numbers: str


def canonical_candidates(population: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The (stratum key, id) pairs of ``population`` (given as (id, key)) in canonical
    order: sorted by key, then id, each pair once. One id in two strata is an error, as
    is an empty or control character in a key or id."""
    stratum_of: dict[str, str] = {}
    for item_id, key in population:
        for value in (item_id, key):
            if not isinstance(value, str) or not value or _CONTROL.search(value):
                raise SamplingError("candidate_invalid", id=item_id, stratum=key)
        previous = stratum_of.setdefault(item_id, key)
        if previous != key:
            raise SamplingError(
                "id_in_two_strata", id=item_id, strata=tuple(sorted((previous, key)))
            )
    return tuple(sorted((key, item_id) for item_id, key in stratum_of.items()))


def candidate_lines(population: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The lines of the canonical list, ``<key>\\t<id>`` each, without their LF."""
    return tuple(f"{key}\t{item_id}" for key, item_id in canonical_candidates(population))


def candidates_bytes(population: Iterable[tuple[str, str]]) -> bytes:
    """The canonical list as the bytes that are hashed (step 1)."""
    return "".join(f"{line}\n" for line in candidate_lines(population)).encode("utf-8")


def candidates_hash(population: Iterable[tuple[str, str]]) -> str:
    """SHA-256 of the canonical list, lowercase hex."""
    return hashlib.sha256(candidates_bytes(population)).hexdigest()


def normalize_numbers(text: str, *, role: str = "public") -> str:
    """The numbers of ``text`` as step 2 writes them; ``numbers_empty`` if there are none,
    ``numbers_invalid`` (with the offending character) if anything else is in it."""
    for char in text:
        if not (char.isascii() and char.isdigit()) and char not in SEPARATORS:
            raise SamplingError("numbers_invalid", role=role, char=char)
    groups = [group.lstrip("0") or "0" for group in _DIGITS.findall(text)]
    if not groups:
        raise SamplingError("numbers_empty", role=role)
    return " ".join(groups)


def _normalize_name(name: str) -> str:
    cleaned = _SPACES.sub(" ", name).strip()
    if not cleaned:
        raise SamplingError("witness_name_empty")
    if _NAME_FORBIDDEN.search(cleaned):
        raise SamplingError("witness_name_invalid", name=cleaned)
    return cleaned


def normalize_witnesses(entries: Sequence[tuple[str, str]]) -> tuple[Witness, ...]:
    """The witnesses of ``entries`` ((name, numbers) pairs; rows with both blank are
    skipped) normalized and sorted by name (step 3). None, or at least two: one witness
    alone is ``one_witness``; a name twice is ``witness_name_twice``."""
    witnesses: dict[str, Witness] = {}
    for name, numbers in entries:
        if not name.strip() and not numbers.strip():
            continue
        cleaned = _normalize_name(name)
        if cleaned in witnesses:
            raise SamplingError("witness_name_twice", name=cleaned)
        witnesses[cleaned] = Witness(cleaned, normalize_numbers(numbers, role=cleaned))
    if len(witnesses) == 1:
        raise SamplingError("one_witness", minimum=_MIN_WITNESSES)
    return tuple(witnesses[name] for name in sorted(witnesses))


def seed_text(hash_hex: str, public_numbers: str, witnesses: Sequence[Witness] = ()) -> str:
    """The text whose SHA-256 is the seed (step 4), from inputs already normalized."""
    if not re.fullmatch(r"[0-9a-f]{64}", hash_hex):
        raise SamplingError("hash_invalid", hash=hash_hex)
    parts = [hash_hex, public_numbers]
    parts += [f"{w.name}:{w.numbers}" for w in sorted(witnesses, key=lambda w: w.name)]
    return "|".join(parts)


def combined_seed(
    hash_hex: str, public_numbers: str, witness_entries: Sequence[tuple[str, str]] = ()
) -> str:
    """The seed from the published hash, the public draw's numbers and the witnesses'
    (name, numbers), all normalized here first: ``sha256(seed_text)`` in lowercase hex."""
    text = seed_text(
        hash_hex, normalize_numbers(public_numbers), normalize_witnesses(witness_entries)
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DrawCheck:
    """Each step of a recorded draw redone from its published inputs."""

    list_hash: str  # the hash of the frozen list, recomputed
    hash_ok: bool  # … equals the published one
    seed: str  # the seed recomputed from the published hash and numbers ("" if it cannot be)
    seed_ok: bool  # … equals the recorded seed
    sample: Sample  # drawn from the list with the recorded seed
    sample_ok: bool  # … chose exactly the recorded sample
    order_ok: bool  # published, then the public draw's date, then the sample drawn

    @property
    def passed(self) -> bool:
        return self.hash_ok and self.seed_ok and self.sample_ok and self.order_ok


def check_draw(
    population: Iterable[tuple[str, str]],
    ratios: Mapping[str, Decimal],
    *,
    published_hash: str,
    public_numbers: str,
    witnesses: Sequence[tuple[str, str]],
    recorded_seed: str,
    recorded_chosen: Iterable[str],
    committed_at: datetime,
    sampled_at: datetime,
    draw_on: date | None,
) -> DrawCheck:
    """Redo a recorded draw: list → hash, hash and numbers → seed, seed → sample, and
    the order: the list published (``committed_at``, a local time) on or before the
    public draw's date ``draw_on``, the sample drawn (``sampled_at``) on or after it and
    after the list. Same-day is allowed: lotteries draw in the evening. Each check
    stands alone (the sample is drawn with the recorded seed), so a failure names the
    step that does not hold; together they tie the sample to the list published before
    it."""
    pairs = list(population)
    list_hash = candidates_hash(pairs)
    try:
        seed = combined_seed(published_hash, public_numbers, witnesses)
    except SamplingError:
        seed = ""
    sample = draw_sample(pairs, ratios, recorded_seed)
    return DrawCheck(
        list_hash=list_hash,
        hash_ok=list_hash == published_hash,
        seed=seed,
        seed_ok=bool(seed) and seed == recorded_seed,
        sample=sample,
        sample_ok=set(sample.chosen) == set(recorded_chosen),
        order_ok=draw_on is not None
        and committed_at < sampled_at
        and committed_at.date() <= draw_on <= sampled_at.date(),
    )

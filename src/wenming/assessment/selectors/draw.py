"""What the public verification page of a committed draw shows: the frozen candidate list
per stratum in canonical order, the published hash, the public draw's numbers, and each
step recomputed (docs/rules.md#committed-draw). Nothing private: names and ids only."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wenming.campaigns.models import Application
from wenming.domain import draw_commitment
from wenming.domain.sampling import SamplingError

from ..models import Round
from ..population import ratio_for
from .marking import label_of, stratum_labels


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    chosen: bool


@dataclass(frozen=True)
class Stratum:
    key: str
    label: str
    ratio: Decimal  # the current ratio (the committed one until the sample is enlarged)
    committed_ratio: Decimal  # as published with the list
    size: int
    candidates: list[Candidate]


@dataclass(frozen=True)
class Extension:
    """One enlargement of the sample after the draw."""

    at: datetime | None
    ratios: list[tuple[str, str]]  # (stratum label, ratio)
    added: list[str]  # names of the applications it added


@dataclass(frozen=True)
class DrawPage:
    round: Round
    strata: list[Stratum]
    lines: str  # the canonical list exactly as hashed, for copying into sha256sum
    seed_text: str  # the text whose SHA-256 is the seed ("" before the draw)
    check: draw_commitment.DrawCheck | None  # None before the draw
    extensions: list[Extension]


def _witnesses(round_: Round) -> list[tuple[str, str]]:
    return [(w["name"], w["numbers"]) for w in round_.seed_inputs.get("witnesses", [])]


def _check(round_: Round, ratios: dict[str, Decimal]) -> draw_commitment.DrawCheck | None:
    if not round_.seed or round_.committed_at is None or round_.sampled_at is None:
        return None
    return draw_commitment.check_draw(
        [(item_id, key) for item_id, key in round_.sample_population],
        ratios,
        published_hash=round_.candidates_hash,
        public_numbers=round_.seed_inputs.get("public", ""),
        witnesses=_witnesses(round_),
        recorded_seed=round_.seed,
        recorded_chosen=[str(i) for i in round_.sample.values_list("application_id", flat=True)],
        committed_at=timezone.localtime(round_.committed_at),
        sampled_at=timezone.localtime(round_.sampled_at),
        draw_on=round_.seed_draw_on,
    )


def _seed_text(round_: Round) -> str:
    if not round_.seed:
        return ""
    witnesses = [draw_commitment.Witness(name, numbers) for name, numbers in _witnesses(round_)]
    try:
        return draw_commitment.seed_text(
            round_.candidates_hash, round_.seed_inputs.get("public", ""), witnesses
        )
    except SamplingError:
        return ""


def _extensions(round_: Round, labels: dict[str, str], names: dict[int, str]) -> list[Extension]:
    entries: list[dict[str, Any]] = round_.seed_inputs.get("extensions", [])
    return [
        Extension(
            at=parse_datetime(entry.get("at", "")),
            ratios=[(label_of(k, labels), v) for k, v in sorted(entry.get("ratios", {}).items())],
            added=[names.get(int(i), str(i)) for i in entry.get("added", [])],
        )
        for entry in entries
    ]


def draw_page(round_: Round) -> DrawPage:
    """The committed draw of a round, recomputed; four queries whatever the list's size."""
    pairs = [(item_id, key) for item_id, key in round_.sample_population]
    ratios = {key: ratio_for(round_, key) for _id, key in pairs}
    committed = round_.seed_inputs.get("ratios", {})
    check = _check(round_, ratios)
    chosen = set(check.sample.chosen) if check else set()
    names = dict(
        Application.objects.filter(pk__in=[int(i) for i, _k in pairs]).values_list(
            "pk", "organization__name"
        )
    )
    labels = stratum_labels(round_)
    strata: dict[str, list[Candidate]] = {}
    for key, item_id in draw_commitment.canonical_candidates(pairs):
        name = names.get(int(item_id), "")
        strata.setdefault(key, []).append(Candidate(item_id, name, item_id in chosen))
    return DrawPage(
        round=round_,
        strata=[
            Stratum(
                key,
                label_of(key, labels),
                ratios[key],
                Decimal(committed[key]) if key in committed else ratios[key],
                sum(c.chosen for c in members),
                members,
            )
            for key, members in strata.items()
        ],
        lines=draw_commitment.candidates_bytes(pairs).decode("utf-8"),
        seed_text=_seed_text(round_),
        check=check,
        extensions=_extensions(round_, labels, names),
    )

"""Benchmark: finding a new photo's reused copies among a province's photos.

Builds N evidence photos (default 50,000) over 1,000 applications of one campaign, each
with a pHash-like hash (64 bits, 32 set, as pHash's median split gives), then looks up
200 new photos, half of them near copies of stored ones (up to ``NEAR_DISTANCE`` bits
flipped), with two methods timed in the same run:

- baseline: every photo of the campaign fetched and measured in Python (what the lookup
  costs without the banded index);
- ``services.evidence.reused_photos``: the four indexed 16-bit bands, each probed among
  the values within ``BAND_RADIUS`` bits, then only the candidates measured.

Both must find the same photos (exit 1 otherwise); the banded lookup's time per photo,
its candidates per photo and its ratio to the baseline are printed.

Run:
    .venv/bin/python benchmarks/photo_lookup.py                        # SQLite
    scripts/with-postgres .venv/bin/python benchmarks/photo_lookup.py  # PostgreSQL
BENCH_SCALE (default 1.0) scales N.
"""

import os
import random
import sys
import time

import django_setup
from django.core.management import call_command

django_setup.setup(os.environ.get("BENCH_DATABASE_URL"))

from wenming.accounts.models import User
from wenming.campaigns.models import Application, Award, Campaign, Evidence
from wenming.campaigns.services.evidence import reused_photos
from wenming.domain.evidence.photos import (
    NEAR_DISTANCE,
    PhotoRef,
    bands,
    is_reuse,
)
from wenming.frameworks.models import Framework
from wenming.registry.models import Organization, Region

N = int(50_000 * float(os.environ.get("BENCH_SCALE", "1.0")))
APPLICATIONS = 1_000
PROBES = 200
rng = random.Random(17)


def balanced_hash() -> str:
    value = sum(1 << p for p in rng.sample(range(64), 32))
    return f"{value:016x}"


def near_copy(phash: str) -> str:
    value = int(phash, 16)
    ones = [p for p in range(64) if value >> p & 1]
    zeros = [p for p in range(64) if not value >> p & 1]
    swaps = rng.randint(0, NEAR_DISTANCE // 2)  # a swap keeps 32 bits set: 2 bits apart
    for p in rng.sample(ones, swaps) + rng.sample(zeros, swaps):
        value ^= 1 << p
    return f"{value:016x}"


def world() -> tuple[list[Application], User]:
    call_command("load_frameworks", verbosity=0)
    framework = Framework.objects.get(code="yiyang-unit-2021")
    city = Region.objects.create(code="991000", name="City", level="city")
    user = User.objects.create_user("bench")
    campaign = Campaign.objects.create(name="Bench", edition=20, office=city, eligibility_table={})
    award = Award.objects.create(
        campaign=campaign, category="unit", level="municipal", framework=framework
    )
    orgs = Organization.objects.bulk_create(
        Organization(code=f"B{n:06d}", name=f"Unit {n}", kind="unit", region=city)
        for n in range(APPLICATIONS)
    )
    applications = Application.objects.bulk_create(
        Application(campaign=campaign, award=award, organization=o, region=city, created_by=user)
        for o in orgs
    )
    return applications, user


def photo(application: Application, user: User, phash: str, n: int) -> Evidence:
    b0, b1, b2, b3 = bands(phash)
    return Evidence(
        application=application, clause_key="4.1", kind="photo", activity=f"活动{n % 7}",
        file=f"evidence/{n}.jpg", original_name=f"{n}.jpg", size=1, content_type="image/jpeg",
        sha256="0" * 64, uploaded_by=user, phash=phash,
        phash_band0=b0, phash_band1=b1, phash_band2=b2, phash_band3=b3,
    )  # fmt: skip


def baseline(evidence: Evidence) -> list[int]:
    mine = PhotoRef(evidence.phash, evidence.application.organization_id, evidence.activity)
    rows = Evidence.objects.filter(
        application__campaign_id=evidence.application.campaign_id
    ).values_list("pk", "phash", "activity", "application__organization_id")
    return sorted(pk for pk, h, a, o in rows if is_reuse(mine, PhotoRef(h, o, a)))


def main() -> None:
    applications, user = world()
    stored = [balanced_hash() for _ in range(N)]
    Evidence.objects.bulk_create(
        (photo(applications[n % APPLICATIONS], user, h, n) for n, h in enumerate(stored)),
        batch_size=5_000,
    )
    probes = []
    for i in range(PROBES):
        phash = near_copy(rng.choice(stored)) if i % 2 else balanced_hash()
        probes.append(photo(rng.choice(applications), user, phash, N + i))
    started = time.perf_counter()
    expected = [baseline(p) for p in probes]
    scan = (time.perf_counter() - started) / PROBES
    started = time.perf_counter()
    found = [sorted(reused_photos(p)) for p in probes]
    banded = (time.perf_counter() - started) / PROBES
    flagged = sum(bool(f) for f in found)
    print(f"{N:,} photos; {PROBES} lookups, {flagged} with a reused copy")
    print(f"baseline (every photo measured): {scan * 1000:8.2f} ms per photo")
    print(f"banded lookup:                   {banded * 1000:8.2f} ms per photo", end="")
    print(f"  ({banded / scan:.3f} of the baseline)")
    if found != expected:
        print("the banded lookup missed or added photos", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

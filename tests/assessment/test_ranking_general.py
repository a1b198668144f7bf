"""The general ranking path (several rounds read one statement each and merged, the first
ranking's moves built from plain rows) ranks and audits exactly as the domain's pure
scorer and the single move would."""

import random
from decimal import ROUND_HALF_UP, Decimal

from wenming.assessment import services
from wenming.assessment.models import Mark, RankingResult
from wenming.assessment.selectors.ranking import round_settings
from wenming.assessment.sheet import sheet
from wenming.audit.models import AuditEvent
from wenming.audit.services import snapshot
from wenming.campaigns.models import Application
from wenming.campaigns.services import APPLICATION_FIELDS
from wenming.domain.ranking import RANK_PLACES, Applicant, rank

from .marking import assessors


def _two_trimmed_rounds(cast, assessment):
    cross = assessment.round
    cross.aggregation, cross.trim_from, cross.weight = "trimmed_mean", 3, Decimal("0.6")
    cross.save()
    recheck = services.round_create(
        acting_user=cast.city,
        campaign=assessment.setup.campaign,
        kind="city_recheck",
        name="市级复核",
    )
    recheck.aggregation, recheck.trim_from, recheck.weight = "trimmed_mean", 3, Decimal("0.4")
    recheck.save()
    return [cross, recheck]


def _random_marks(rounds, apps) -> None:
    """Material and on-site marks by two to five assessors (fewer than three: the plain
    mean), on clauses marked both ways, in both rounds, some applications in one only."""
    framework = apps[0].award.framework
    entries = sheet(framework.to_domain())
    both = [k for k, e in entries.items() if {"material", "onsite"} <= set(e.methods)][:5]
    assert len(both) >= 3  # the framework marks several clauses both ways
    rng = random.Random(14)
    people = assessors(5)
    rows = []
    for i, app in enumerate(apps):
        for round_ in rounds if i % 3 else rounds[:1]:
            for key in both:
                steps = int(entries[key].clause.points * 4)
                for method in ("material", "onsite"):
                    for user in people[: rng.randint(2, 5)]:
                        points = Decimal(rng.randint(0, steps)) / 4
                        rows.append(Mark(round=round_, application=app, assessor=user,
                                         clause_key=key, method=method, points=points,
                                         framework_id=framework.pk))  # fmt: skip
    Mark.objects.bulk_create(rows)


def _expected(rounds, apps):
    """Each application's (total, rank) from ``domain.ranking.rank`` over figures counted
    here, in Python, from the marks themselves."""
    figures: dict[int, dict[tuple, list[int]]] = {}
    for m in Mark.objects.filter(round__in=rounds):
        key = (m.round_id, m.clause_key, m.method)
        figures.setdefault(m.application_id, {}).setdefault(key, []).append(int(m.points * 100))
    applicants = [
        Applicant(
            app.pk,
            app.organization.name,
            tuple(r.pk for r in rounds),
            [
                (app.pk, r, c, meth, len(p), sum(p), min(p), max(p))
                for (r, c, meth), p in sorted(figures.get(app.pk, {}).items())
            ],
        )
        for app in apps
    ]
    ranked = rank(apps[0].award.framework.to_framework(), round_settings(rounds), applicants)
    return {r.key: (r.total.quantize(RANK_PLACES, rounding=ROUND_HALF_UP), r.rank) for r in ranked}


def test_trimmed_means_of_two_methods_in_two_rounds_rank_as_the_pure_scorer(cast, assessment):
    rounds = _two_trimmed_rounds(cast, assessment)
    apps = list(assessment.apps.values())
    _random_marks(rounds, apps)
    campaign = assessment.setup.campaign
    done = services.ranking_compute(acting_user=cast.city, campaign=campaign)
    assert done.ranked == len(apps)
    stored = {
        r.application_id: (r.total, r.rank)
        for r in RankingResult.objects.filter(version__campaign=campaign)
    }
    assert stored == _expected(rounds, apps)
    assert len({total for total, _ in stored.values()}) > 1  # the case discriminates


def test_the_first_ranking_audits_each_move_with_the_whole_application_before(cast, assessment):
    rounds = _two_trimmed_rounds(cast, assessment)
    apps = list(assessment.apps.values())
    app = apps[0]
    app.form, app.comment = {"staff_count": 40}, "材料齐全"
    app.save()
    _random_marks(rounds, apps)
    before = {a.pk: snapshot(a, APPLICATION_FIELDS) for a in Application.objects.all()}
    services.ranking_compute(acting_user=cast.city, campaign=assessment.setup.campaign)
    for a in Application.objects.filter(pk__in=[x.pk for x in apps]):
        (event,) = AuditEvent.objects.filter(action="application.assess", object_id=str(a.pk))
        assert event.before == before[a.pk]
        assert event.after == before[a.pk] | {"status": "assessed"}
        assert event.object_repr == str(a)
        assert a.status == "assessed"

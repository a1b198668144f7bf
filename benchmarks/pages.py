"""Benchmark: rendering the assessor's marking page and the applicant's application page.

Builds the demo (``wenming.demo.builder.build_demo``: the Yiyang framework of 44 criteria,
a neighbouring city's campaign in its assessment stage, the demo ``assessor`` with marks
given on some of its assigned units), then requests through Django's test client, in
the same run and interleaved round by round (so a busy machine slows every page alike):

- the baseline: the password-change page as the same logged-in assessor. It is the
  trivial view that is fair to the marking page: the same middleware, the same session
  and user loading, the same base layout and menu, with one small form as its content.
  The login page and ``/health/`` are printed beside it for reference; they are cheaper
  still, as an anonymous request loads no session, no user and no menu;
- the marking page of one of the assessor's assignments (``assessment:mark``);
- the applicant's application page (``campaigns:application``), every point self-marked.

It prints milliseconds per request (the median of the rounds) and each page's ratio to
the baseline. The bars: the marking page within 3× the baseline, the application page
within 5× (it was 40× before its sheet was kept per framework version); exit 1 otherwise.

Run:
    .venv/bin/python benchmarks/pages.py
BENCH_SCALE (default 1.0) scales the number of requests (400 per page at full scale).
"""

import os
import statistics
import sys
import time
from collections.abc import Callable

import django_setup

os.environ.setdefault("ALLOWED_HOSTS", "localhost")
django_setup.setup(os.environ.get("BENCH_DATABASE_URL"))

from django.test import Client

from wenming.accounts.models import Role, RoleAssignment, User
from wenming.assessment.models import Assignment, Mark
from wenming.campaigns import services
from wenming.campaigns.models import Application, Campaign
from wenming.campaigns.selectors.applications import markable_clauses
from wenming.demo.builder import build_demo, load_data

REQUESTS = max(20, int(400 * float(os.environ.get("BENCH_SCALE", "1.0"))))
ROUNDS = 10
BARS = {"marking page": 3.0, "application page (applicant)": 5.0}


def client_for(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", SERVER_NAME="localhost")
    if user is not None:
        client.force_login(user)
    return client


def timed(get: Callable[[], object], n: int) -> float:
    """Milliseconds per request over ``n`` requests."""
    started = time.perf_counter()
    for _ in range(n):
        get()
    return (time.perf_counter() - started) * 1000 / n


def page(client: Client, url: str, needle: str) -> Callable[[], object]:
    """A request that fails loudly if the page is not the one meant."""

    def get() -> object:
        response = client.get(url)
        if response.status_code != 200 or needle not in response.content.decode():
            raise SystemExit(f"{url}: status {response.status_code}, {needle!r} missing")
        return response

    return get


def workspace(applicant: User) -> Application:
    """The demo applicant's draft for 市级文明单位 in the demo city's campaign (in its
    application stage), every scoring point self-marked with a narrative."""
    organization = RoleAssignment.objects.get(user=applicant, role=Role.APPLICANT).organization
    if organization is None:
        raise SystemExit("the demo applicant has no organization")
    campaign = Campaign.objects.get(office__name="清河市")
    award = campaign.awards.get(category="unit", level="municipal", model=False)
    application = services.application_start(
        acting_user=applicant, campaign=campaign, award=award, organization=organization
    )
    framework = award.framework.to_framework()
    points = {c.key: c.points for criterion in framework.criteria() for c in criterion.clauses}
    for key in markable_clauses(application):
        services.self_mark_save(
            acting_user=applicant,
            application=application,
            clause_key=key,
            points=points[key],
            narrative="学习笔记、会议记录齐全",
        )
    return application


def main() -> int:
    started = time.perf_counter()
    build_demo(load_data())
    assessor = User.objects.get(username="assessor")
    assignment = (
        Assignment.objects.filter(
            group__members__user=assessor,
            application__award__framework__code="yiyang-unit-2021",
        )
        .order_by("pk")
        .first()
    )
    if assignment is None:
        raise SystemExit("the demo has no Yiyang assignment for the assessor")
    applicant = User.objects.get(username="applicant")
    application = workspace(applicant)
    marks = Mark.objects.filter(
        round_id=assignment.round_id, application_id=assignment.application_id, assessor=assessor
    ).count()
    framework = assignment.application.award.framework.to_framework()
    print(
        f"demo built in {time.perf_counter() - started:.1f} s; marking {framework.code} "
        f"({len(list(framework.criteria()))} criteria), {marks} marks given; "
        f"{REQUESTS} requests per page in {ROUNDS} rounds"
    )
    staff = client_for(assessor)
    pages: dict[str, Callable[[], object]] = {
        "baseline: password change (logged in)": page(staff, "/password/", "csrfmiddlewaretoken"),
        "login page (anonymous)": page(client_for(None), "/login/", "csrfmiddlewaretoken"),
        "/health/ (anonymous, no template)": page(client_for(None), "/health/", ""),
        "marking page": page(staff, f"/assessment/assignments/{assignment.pk}/", "mark-clause"),
        "application page (applicant)": page(
            client_for(applicant), f"/campaigns/applications/{application.pk}/", "clause"
        ),
    }
    for get in pages.values():  # warm up: templates compiled, caches filled
        for _ in range(3):
            get()
    per_round = max(1, REQUESTS // ROUNDS)
    samples: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(ROUNDS):
        for name, get in pages.items():
            samples[name].append(timed(get, per_round))
    figures = {name: statistics.median(values) for name, values in samples.items()}
    baseline = figures["baseline: password change (logged in)"]
    for name, ms in figures.items():
        print(f"{name:42} {ms:8.2f} ms/request  {ms / baseline:5.2f}× baseline")
    missed = 0
    for name, bar in BARS.items():
        ratio = figures[name] / baseline
        ok = ratio <= bar
        missed += not ok
        print(f"{name}: {ratio:.2f}× the baseline (bar {bar:.0f}×): {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

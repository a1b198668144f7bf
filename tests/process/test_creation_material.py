"""Creation material as one governed process, proven by a stateful property test.

Hypothesis drives random sequences of the real material services (upload, remove, submit,
sign off, decline, accept, return) by random people of the plan: the task's department
(its head, its leader), the other department's head and leader, and the plan's office.
Most calls are refused; a refusal changes nothing. After every step:

- every evidence copied from material belongs to an occurrence that is 已验收 and was
  signed off by the task's department's leader, and no evidence reached the
  application any other way;
- an occurrence's status only made one of the allowed moves;
- every successful step wrote exactly one ``creation.*`` audit event, a refusal none.
"""

from functools import cache

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from tests.campaigns.conftest import campaign  # noqa: F401  (the fixture, reused)
from tests.campaigns.photos import captions, photo_bytes, scene
from tests.conftest import Cast
from tests.creation.conftest import Creation, creation  # noqa: F401  (the fixture, reused)
from tests.creation.material_helpers import make_occurrence

from wenming.accounts.models import User
from wenming.audit.models import AuditEvent
from wenming.campaigns.models import Evidence
from wenming.creation.models import Material, Occurrence, OccurrenceStatus
from wenming.creation.services import material as services

REFUSED = (ValidationError, PermissionDenied)
ACTORS = st.sampled_from(["head", "leader", "leader", "other_head", "other_leader", "office"])


@cache
def photo(seed: int) -> bytes:
    return photo_bytes(scene(seed))


def creation_events() -> int:
    return AuditEvent.objects.filter(action__startswith="creation.").count()


class MaterialProcess(RuleBasedStateMachine):
    creation: Creation
    office: User
    accepted = 0  # runs that reached 已验收 (the invariants are not vacuous)

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.occurrence = make_occurrence(self.creation)
        self.status = self.occurrence.status
        c = self.creation
        self.people = {
            "head": c.office_head,
            "leader": c.office_leader,
            "other_head": c.party_head,
            "other_leader": c.party_leader,
            "office": self.office,
        }

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _step(self, actor: str, call: str, **kwargs: object) -> None:
        before = creation_events()
        try:
            getattr(services, call)(acting_user=self.people[actor], **kwargs)
        except REFUSED:
            assert creation_events() == before
            self.occurrence.refresh_from_db()
            assert self.occurrence.status == self.status
            return
        assert creation_events() == before + 1
        self.occurrence.refresh_from_db()
        new = self.occurrence.status
        assert new == self.status or new in services.MOVES[self.status]
        if new == OccurrenceStatus.ACCEPTED:
            MaterialProcess.accepted += 1
        self.status = new

    @rule(
        actor=ACTORS,
        seed=st.integers(1, 4),
        good=st.booleans(),
        activity=st.sampled_from(["道德讲堂", "志愿服务"]),
    )
    def add(self, actor: str, seed: int, good: bool, activity: str) -> None:
        name = self.creation.plan.organization.name
        self._step(
            actor,
            "material_add",
            occurrence=self.occurrence,
            kind="photo",
            upload=SimpleUploadedFile(f"p{seed}.jpg", photo(seed), "image/jpeg"),
            activity=activity,
            captions=captions(name) if good else {},
        )

    @rule(actor=ACTORS, index=st.integers(0, 5))
    def remove(self, actor: str, index: int) -> None:
        materials = list(self.occurrence.materials.all())
        if materials:
            self._step(actor, "material_remove", material=materials[index % len(materials)])

    @rule(actor=ACTORS)
    def submit(self, actor: str) -> None:
        self._step(actor, "occurrence_submit", occurrence=self.occurrence)

    @rule(actor=ACTORS)
    def sign_off(self, actor: str) -> None:
        self._step(actor, "occurrence_sign_off", occurrence=self.occurrence)

    @rule(actor=ACTORS, comment=st.sampled_from(["", "补充照片"]))
    def decline(self, actor: str, comment: str) -> None:
        self._step(actor, "occurrence_decline", occurrence=self.occurrence, comment=comment)

    @rule(actor=ACTORS)
    def accept(self, actor: str) -> None:
        self._step(actor, "occurrence_accept", occurrence=self.occurrence)

    @rule(actor=ACTORS, comment=st.sampled_from(["", "请补充报道"]))
    def return_(self, actor: str, comment: str) -> None:
        self._step(actor, "occurrence_return", occurrence=self.occurrence, comment=comment)

    @rule(seed=st.integers(1, 4))
    def the_whole_way(self, seed: int) -> None:
        """A good photo by the head, submitted, signed off by the leader, accepted."""
        self.add("head", seed, True, "道德讲堂")
        self._step("head", "occurrence_submit", occurrence=self.occurrence)
        self._step("leader", "occurrence_sign_off", occurrence=self.occurrence)
        self._step("office", "occurrence_accept", occurrence=self.occurrence)

    @invariant()
    def evidence_only_from_signed_off_and_accepted_material(self) -> None:
        linked = Material.objects.filter(evidence__isnull=False).select_related(
            "occurrence__task__department__leader"
        )
        for material in linked:
            occurrence: Occurrence = material.occurrence
            assert occurrence.status == OccurrenceStatus.ACCEPTED
            department = occurrence.task.department
            assert department is not None
            assert department.leader is not None
            assert occurrence.signed_off_by_id == department.leader.user_id
        assert Evidence.objects.count() == linked.count()


@pytest.mark.django_db(transaction=False)
def test_material_reaches_the_application_only_signed_off_and_accepted(
    creation: Creation,  # noqa: F811  (the fixture)
    cast: Cast,
) -> None:
    MaterialProcess.creation, MaterialProcess.office = creation, cast.applicant
    MaterialProcess.accepted = 0
    run_state_machine_as_test(
        MaterialProcess,
        settings=settings(
            max_examples=10,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.function_scoped_fixture,
            ],
        ),
    )
    # Some runs reached 已验收, so that the invariants held over real copies.
    assert MaterialProcess.accepted > 0

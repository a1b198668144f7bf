"""Who reaches which creation work (``wenming.creation.scopes``)."""

from wenming.creation import scopes


def test_the_applicant_contact_runs_the_plan_and_a_department_sees_only_its_own(creation, cast):
    plan = creation.plan
    assert scopes.runs_plan(cast.applicant, plan)
    # 李主任 sits in the plan's office: it runs the plan as well.
    assert scopes.runs_plan(creation.office_head, plan)
    assert not scopes.runs_plan(creation.party_head, plan)
    assert list(scopes.plan_departments(creation.party_head, plan)) == [creation.party]
    assert list(scopes.plan_departments(cast.applicant, plan)) == [creation.office, creation.party]
    assert list(scopes.plans_for(creation.party_leader)) == [plan]


def test_offices_above_read_and_others_reach_nothing(creation, cast):
    plan = creation.plan
    assert scopes.reads_plan_from_above(cast.city, plan)
    assert scopes.reads_plan_from_above(cast.county, plan)  # the east county office
    assert not scopes.runs_plan(cast.city, plan)
    for user in (cast.nobody, cast.body, cast.assessor, cast.reviewer):
        assert not scopes.plans_for(user).exists()

"""The person picker: the search's matches and scope, its constant queries, the pick, and
the forms that check a posted id against the same scope (docs/rules.md#person-picker)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.conftest import login
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role
from wenming.registry import people
from wenming.supervision.forms import MemberForm
from wenming.visits.models import Group


def test_search_finds_an_assessor_by_part_of_the_name_never_showing_the_login(client, cast, world):
    zhang = with_role(UserFactory(username="zs2026", display_name="张三丰"), Role.ASSESSOR)
    with_role(zhang, Role.BODY, body=world.education)
    login(client, cast.city)
    page = client.get("/people/", {"kind": "assessor", "q": "三丰"}).content.decode()
    assert "张三丰" in page
    assert "Education Bureau" in page
    assert "考核人员" in page
    assert "zs2026" not in page
    assert f"id={zhang.pk}" in page


def test_search_by_body_name_and_by_region(client, cast, world):
    li = with_role(UserFactory(username="li", display_name="李四"), Role.ASSESSOR)
    with_role(li, Role.BODY, body=world.education)
    wang = with_role(UserFactory(username="wang", display_name="王五"), Role.ASSESSOR)
    login(client, cast.city)
    by_body = client.get("/people/", {"kind": "assessor", "q": "Education"}).content.decode()
    assert "李四" in by_body
    assert "王五" not in by_body
    by_region = client.get(
        "/people/", {"kind": "assessor", "region": world.city.pk}
    ).content.decode()
    assert "李四" in by_region
    assert "王五" not in by_region
    assert wang.pk


def test_leaders_are_limited_to_the_offices_region_and_below(client, cast, world):
    with_role(UserFactory(display_name="东县领导"), Role.OFFICE, region=world.east)
    with_role(UserFactory(display_name="西县领导"), Role.OFFICE, region=world.west)
    login(client, cast.county)  # the East County office
    page = client.get("/people/", {"kind": "leader", "q": "领导"}).content.decode()
    assert "东县领导" in page
    assert "西县领导" not in page


def test_search_shows_at_most_twenty_in_constant_queries(client, cast):
    for n in range(3):
        with_role(UserFactory(display_name=f"考核员{n}"), Role.ASSESSOR)
    login(client, cast.city)
    client.get("/people/", {"kind": "assessor", "q": "考核员"})
    with CaptureQueriesContext(connection) as few:
        client.get("/people/", {"kind": "assessor", "q": "考核员"})
    for n in range(3, 30):
        with_role(UserFactory(display_name=f"考核员{n}"), Role.ASSESSOR)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/people/", {"kind": "assessor", "q": "考核员"}).content.decode()
    assert len(many) == len(few)
    assert page.count('class="person-match"') == 20
    assert "只显示前 20 位" in page


def test_an_applicant_an_assessor_and_a_department_are_refused(client, cast):
    for user in (cast.applicant, cast.assessor, cast.body):
        login(client, user)
        assert client.get("/people/", {"kind": "assessor", "q": "a"}).status_code == 403
        assert client.get("/people/pick/", {"kind": "assessor", "id": "1"}).status_code == 403


def test_pick_sets_the_hidden_id_and_shows_the_name(client, cast):
    login(client, cast.city)
    page = client.get(
        "/people/pick/", {"kind": "assessor", "field": "user", "id": cast.assessor.pk}
    ).content.decode()
    assert f'name="user" id="id_user" value="{cast.assessor.pk}"' in page
    assert "重新选择" in page


def test_pick_of_someone_outside_the_scope_chooses_nobody(client, cast):
    login(client, cast.city)
    page = client.get(
        "/people/pick/", {"kind": "assessor", "field": "user", "id": cast.applicant.pk}
    ).content.decode()
    assert 'value=""' in page
    assert "输入姓名" in page


def test_person_field_refuses_an_id_outside_the_scope(cast):
    form = MemberForm(
        {"group": "", "user": str(cast.applicant.pk)}, groups=Group.objects.none(), user=cast.city
    )
    assert not form.is_valid()
    assert form.errors["user"] == ["所选人员不在可选范围内，请重新选择。"]
    assert people.person(cast.city, "assessor", cast.applicant.pk) is None

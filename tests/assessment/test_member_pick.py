"""The board's 添加成员: an assessor is picked by id from the person picker and checked
against the picker's scope; the board says what happened."""

from tests.conftest import login
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role


def test_member_add_takes_the_picked_assessor_and_says_so(client, cast, assessment):
    spare = with_role(UserFactory(username="spare", display_name="赵六"), Role.ASSESSOR)
    login(client, cast.city)
    board = f"/assessment/rounds/{assessment.round.pk}/"
    response = client.post(
        f"{board}members/",
        {"group": assessment.east_group.pk, "user": spare.pk, "is_leader": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert "已将赵六加入East group（组长）。" in page
    assert assessment.east_group.members.filter(user=spare, is_leader=True).exists()
    assert 'hx-get="/people/?kind=assessor' in client.get(board).content.decode()


def test_member_add_refuses_someone_who_is_not_an_assessor(client, cast, assessment):
    login(client, cast.city)
    response = client.post(
        f"/assessment/rounds/{assessment.round.pk}/members/",
        {"group": assessment.east_group.pk, "user": cast.applicant.pk},
        follow=True,
    )
    assert "所选人员不在可选范围内，请重新选择。" in response.content.decode()
    assert not assessment.east_group.members.filter(user=cast.applicant).exists()


def test_member_add_without_a_pick_asks_to_pick(client, cast, assessment):
    login(client, cast.city)
    response = client.post(
        f"/assessment/rounds/{assessment.round.pk}/members/",
        {"group": assessment.east_group.pk, "user": "", "q": "assessor"},
        follow=True,
    )
    assert "请从列表中选择一位人员" in response.content.decode()

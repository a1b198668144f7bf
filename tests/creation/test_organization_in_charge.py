"""A department's 负责人 or 分管领导 stays on the staff, linked, until replaced."""

import pytest
from django.core.exceptions import ValidationError
from tests.conftest import Cast
from tests.creation.conftest import Creation

from wenming.creation.models import GroupMember, StaffMember
from wenming.creation.services import organization as services


def test_a_head_or_leader_is_neither_removed_nor_unlinked(creation: Creation, cast: Cast) -> None:
    head = StaffMember.objects.get(user=creation.office_head)
    leader = StaffMember.objects.get(user=creation.party_leader)
    GroupMember.objects.filter(staff__in=[head, leader]).delete()  # not seated: in charge only
    with pytest.raises(ValidationError, match="李主任是办公室的负责人或分管领导"):
        services.staff_remove(acting_user=cast.applicant, staff=head)
    with pytest.raises(ValidationError, match="机关党委的负责人或分管领导"):
        services.staff_remove(acting_user=cast.applicant, staff=leader)
    with pytest.raises(ValidationError, match="取消关联前请先在部门中更换"):
        services.staff_link(acting_user=cast.applicant, staff=head, user=None)
    head.refresh_from_db()
    assert head.user == creation.office_head
    assert StaffMember.objects.filter(pk=leader.pk).exists()
    # A plain member without a login may go.
    services.staff_remove(acting_user=cast.applicant, staff=creation.no_login)
    assert not StaffMember.objects.filter(pk=creation.no_login.pk).exists()

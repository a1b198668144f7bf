"""文明委工作 as ``load_demo`` leaves it: the city office sees its liaison officers, the
coming meeting with its papers circulated, the reports (one adopted) and the training."""

import io

import pytest
from django.core.management import call_command
from tests.conftest import login

from wenming.accounts.models import User
from wenming.workrules.models import WorkMeeting

pytestmark = pytest.mark.django_db


def test_the_office_sees_the_demo_committee_work(client) -> None:
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    login(client, User.objects.get(username="city"))
    liaisons = client.get("/workrules/liaisons/").content.decode()
    for name in ("王晓东", "陈丽萍", "刘建华"):
        assert name in liaisons
    meeting = WorkMeeting.objects.get(title__endswith="文明委全体会议")
    page = client.get(f"/workrules/meetings/{meeting.pk}/").content.decode()
    assert "会议议程" in page
    assert "会议材料尚未向文明委成员通报" not in page  # circulated: 已于 … 向文明委成员通报。
    assert "已通报" in client.get("/workrules/meetings/").content.decode()
    reports = client.get("/workrules/reports/").content.decode()
    assert "开展“文明窗口”创建的做法" in reports
    assert "下半年文明创建工作计划" in reports
    assert "已采用" in reports
    assert "待处理" in reports

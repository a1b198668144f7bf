"""The office's task lists: import from Excel (all rows or none), publish, delete, and an
applicant's office taking a published list over into its plan."""

import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.conftest import Cast, World
from tests.creation.conftest import Creation
from tests.factories import with_role

from wenming.accounts.models import Role, User
from wenming.audit.models import AuditEvent
from wenming.creation.models import Task, TaskList, TaskListStatus
from wenming.creation.services.task_lists import task_list_import, task_list_publish
from wenming.registry.models import Region

HEADER = [
    "序号",
    "指标名称",
    "测评内容",
    "测评标准",
    "网上申报具体要求",
    "责任部门",
    "资料提交要求",
    "完成时间",
]
GOOD_ROWS = [
    [1, "Ⅱ-14 法治宣传教育", "Ⅲ-26 建设社会主义法治文化", "", "说明报告", "办公室 校创文办", "",
     "第一季度"],
    [2, "Ⅱ-38 以城带乡、城乡共建", "Ⅲ-86 民风建设", "", "", "机关党委 纪委 工会 办公室",
     "提供计划、方案、活动照片，每季度开展1次活动", "每季度"],
    [3, "Ⅱ-1 深入学习贯彻", "Ⅲ-2 加强宣传阐释", "", "", "教务科", "", "10月底前"],
]  # fmt: skip


def workbook(
    rows: list[list[Any]],
    header: list[str] | None = None,
    title: str | None = "益阳市创建全国文明城市2021年网上申报任务分工",
    name: str = "任务分工.xlsx",
) -> SimpleUploadedFile:
    """A sample list as an office keeps it: a title line above the header, then the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def form_data(world: Any, upload: SimpleUploadedFile, **extra: Any) -> dict[str, Any]:
    return {
        "office": world.city.pk,
        "name": "2026年网上申报任务分工",
        "year": 2026,
        "kind": "unit",
        "unit_type": "",
        "file": upload,
        **extra,
    }


def import_as(client: Any, user: Any, data: dict[str, Any]) -> Any:
    client.force_login(user)
    return client.post(reverse("creation:task_list_import"), data)


def published_list(client: Any, world: Any, cast: Any) -> TaskList:
    import_as(client, cast.city, form_data(world, workbook(GOOD_ROWS)))
    task_list = TaskList.objects.get()
    return task_list_publish(acting_user=cast.city, task_list=task_list)


# ---- importing ------------------------------------------------------------------------


def test_bad_rows_save_nothing_and_the_page_names_each(
    client: Client, world: World, cast: Cast
) -> None:
    rows = [
        GOOD_ROWS[0],
        [2, "Ⅱ-2", "", "", "", "办公室", "", "某个时候"],
        [3, "", "", "", "", "", "", "每季度"],
    ]
    response = import_as(client, cast.city, form_data(world, workbook(rows)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "文件有错误，未导入任何任务" in page
    assert "第4行“完成时间”" in page
    assert "第5行“指标名称”：必填项为空。" in page
    assert "第3行" not in page
    assert TaskList.objects.count() == 0
    assert 'value="2026年网上申报任务分工"' in page  # the form stays filled


def test_a_good_file_imports_every_row(client: Client, world: World, cast: Cast) -> None:
    header = [
        "完成时间",
        "责任部门",
        "指标名称",
        "本校资料 提交要求",
        "测评内容",
        "网上申报具体要求",
    ]
    rows = [
        ["第一季度", "办公室", "Ⅱ-14 法治宣传教育", "提供具体举措", "Ⅲ-26", "说明报告"],
        ["每季度", "科研科", "Ⅱ-38 以城带乡、城乡共建", "", "Ⅲ-86 民风建设", ""],
    ]
    response = import_as(client, cast.city, form_data(world, workbook(rows, header=header)))
    task_list = TaskList.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("creation:task_list", args=[task_list.pk])
    items = list(task_list.items.all())
    assert [(i.number, i.indicator, i.due_text, i.departments) for i in items] == [
        (1, "Ⅱ-14 法治宣传教育", "第一季度", "办公室"),
        (2, "Ⅱ-38 以城带乡、城乡共建", "每季度", "科研科"),
    ]
    assert task_list.status == TaskListStatus.DRAFT
    assert task_list.source_name == "任务分工.xlsx"
    event = AuditEvent.objects.get(action="creation.task_list_import")
    assert event.after == {"name": "2026年网上申报任务分工", "file": "任务分工.xlsx", "rows": 2}
    page = client.get(response.url).content.decode()
    assert "已导入 2 项任务" in page
    assert "Ⅲ-86 民风建设" in page
    assert "未发布" in page


def test_a_missing_required_column_is_named(client: Client, world: World, cast: Cast) -> None:
    header = ["序号", "指标名称", "责任部门"]
    response = import_as(
        client, cast.city, form_data(world, workbook([[1, "Ⅱ-1", "办公室"]], header=header))
    )
    assert "缺少必填列：“完成时间”" in response.content.decode()
    assert TaskList.objects.count() == 0


def test_too_long_and_repeated_numbers_are_row_errors(
    client: Client, world: World, cast: Cast
) -> None:
    rows = [[1, "长" * 201, "", "", "", "", "", "每月"], [1, "Ⅱ-2", "", "", "", "", "", "每月"]]
    page = import_as(client, cast.city, form_data(world, workbook(rows))).content.decode()
    assert "第3行“指标名称”：超过 200 个字符。" in page
    assert "第4行“序号”：序号 1 与第3行重复。" in page
    assert TaskList.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("任务.xls", b"\xd0\xcf\x11\xe0"), "请上传 .xlsx 格式的 Excel 工作簿。"),
        (SimpleUploadedFile("任务.xlsx", b"not a workbook"), "文件内容不是 Excel 工作簿"),
        (SimpleUploadedFile("任务.xlsx", b"PK\x03\x04broken"), "文件不是有效的"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(
    client: Client, world: World, cast: Cast, upload: SimpleUploadedFile, message: str
) -> None:
    page = import_as(client, cast.city, form_data(world, upload)).content.decode()
    assert message in page
    assert TaskList.objects.count() == 0


def test_the_template_has_the_header_and_two_examples(
    client: Client, world: World, cast: Cast
) -> None:
    client.force_login(cast.city)
    response = client.get(reverse("creation:task_list_template"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["序号", "指标名称*"]
    assert "完成时间*" in header
    assert sheet.cell(2, 2).value == "Ⅱ-14 法治宣传教育"
    assert sheet.cell(3, 2).value == "Ⅱ-38 以城带乡、城乡共建"


def test_the_template_imports_back(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.city)
    data = client.get(reverse("creation:task_list_template")).getvalue()
    import_as(client, cast.city, form_data(world, SimpleUploadedFile("模板.xlsx", data)))
    assert TaskList.objects.get().items.count() == 2


# ---- publishing and deleting ----------------------------------------------------------


def test_publishing_freezes_the_list(client: Client, world: World, cast: Cast) -> None:
    import_as(client, cast.city, form_data(world, workbook(GOOD_ROWS)))
    task_list = TaskList.objects.get()
    response = client.post(reverse("creation:task_list_publish", args=[task_list.pk]), follow=True)
    page = response.content.decode()
    assert "清单已发布" in page
    assert "不能修改" in page
    assert reverse("creation:task_list_delete", args=[task_list.pk]) not in page
    task_list.refresh_from_db()
    assert task_list.status == TaskListStatus.PUBLISHED
    assert task_list.published_at is not None
    response = client.post(reverse("creation:task_list_delete", args=[task_list.pk]), follow=True)
    assert "已发布的清单不能删除。" in response.content.decode()
    assert TaskList.objects.filter(pk=task_list.pk).exists()
    response = client.post(reverse("creation:task_list_publish", args=[task_list.pk]), follow=True)
    assert "该清单已发布" in response.content.decode()


def test_a_draft_can_be_deleted(client: Client, world: World, cast: Cast) -> None:
    import_as(client, cast.city, form_data(world, workbook(GOOD_ROWS)))
    task_list = TaskList.objects.get()
    response = client.post(reverse("creation:task_list_delete", args=[task_list.pk]), follow=True)
    assert "已删除清单" in response.content.decode()
    assert TaskList.objects.count() == 0
    assert AuditEvent.objects.filter(action="creation.task_list_delete").exists()


# ---- inheriting -----------------------------------------------------------------------


def test_inheriting_makes_tasks_with_departments_matched_once(
    client: Client, world: World, cast: Cast, creation: Creation
) -> None:
    task_list = published_list(client, world, cast)
    client.force_login(cast.applicant)
    page = client.get(reverse("creation:task_lists")).content.decode()
    assert task_list.name in page
    assert "采用到本单位方案" in page
    url = reverse("creation:task_list_inherit", args=[task_list.pk])
    response = client.post(url, {"plan": creation.plan.pk}, follow=True)
    assert "已将 3 项任务采用到" in response.content.decode()
    tasks = {t.title: t for t in Task.objects.filter(plan=creation.plan)}
    assert tasks["Ⅱ-14 法治宣传教育"].department == creation.office
    assert tasks["Ⅱ-38 以城带乡、城乡共建"].department == creation.party  # listed first
    assert tasks["Ⅱ-1 深入学习贯彻"].department is None  # 教务科: the unit has none
    assert tasks["Ⅱ-14 法治宣传教育"].due_text == "第一季度"
    assert tasks["Ⅱ-14 法治宣传教育"].list_item is not None
    response = client.post(url, {"plan": creation.plan.pk}, follow=True)
    assert "没有新增" in response.content.decode()
    assert Task.objects.filter(plan=creation.plan).count() == 3
    assert AuditEvent.objects.filter(action="creation.task_list_inherit").count() == 2


def test_a_draft_or_unfitting_list_cannot_be_inherited(
    client: Client, world: World, cast: Cast, creation: Creation
) -> None:
    import_as(client, cast.city, form_data(world, workbook(GOOD_ROWS), kind="village"))
    task_list = TaskList.objects.get()
    client.force_login(cast.applicant)
    url = reverse("creation:task_list_inherit", args=[task_list.pk])
    assert client.post(url, {"plan": creation.plan.pk}).status_code == 404  # a draft
    task_list_publish(acting_user=cast.city, task_list=task_list)
    assert client.post(url, {"plan": creation.plan.pk}).status_code == 404  # villages only
    page = client.get(reverse("creation:task_lists")).content.decode()
    assert "暂无适用于本单位的已发布清单。" in page
    assert task_list.name not in page
    assert Task.objects.count() == 0


# ---- permission -----------------------------------------------------------------------


def test_an_applicant_cannot_import(
    client: Client, world: World, cast: Cast, creation: Creation
) -> None:
    client.force_login(cast.applicant)
    assert client.get(reverse("creation:task_list_import")).status_code == 403
    assert client.get(reverse("creation:task_list_template")).status_code == 403
    data = form_data(world, workbook(GOOD_ROWS))
    assert client.post(reverse("creation:task_list_import"), data).status_code == 403
    assert TaskList.objects.count() == 0


def test_a_county_office_sees_its_list_but_not_another_citys(
    client: Client, world: World, cast: Cast
) -> None:
    import_as(client, cast.county, form_data(world, workbook(GOOD_ROWS), office=world.east.pk))
    own = TaskList.objects.get()
    assert own.office == world.east
    other_city = Region.objects.create(
        code="992000", name="Other City", level="city", parent=world.province
    )
    account = User.objects.create_user(username="other_city", display_name="Other City Office")
    other = with_role(account, Role.OFFICE, region=other_city)
    import_as(client, other, form_data(world, workbook(GOOD_ROWS), office=other_city.pk))
    foreign = TaskList.objects.exclude(pk=own.pk).get()
    client.force_login(cast.county)
    page = client.get(reverse("creation:task_lists")).content.decode()
    assert own.name in page
    assert "Other City" not in page
    assert client.get(reverse("creation:task_list", args=[own.pk])).status_code == 200
    assert client.get(reverse("creation:task_list", args=[foreign.pk])).status_code == 404
    publish = reverse("creation:task_list_publish", args=[foreign.pk])
    assert client.post(publish).status_code == 404
    # The city office above the county reads (and manages) the county's list too.
    client.force_login(cast.city)
    assert client.get(reverse("creation:task_list", args=[own.pk])).status_code == 200


def test_a_county_office_cannot_import_for_the_city(
    client: Client, world: World, cast: Cast
) -> None:
    response = import_as(client, cast.county, form_data(world, workbook(GOOD_ROWS)))
    assert response.status_code == 200  # the city is not among its offices: a form error
    assert TaskList.objects.count() == 0


def test_the_service_refuses_an_applicant_and_a_foreign_office(world: World, cast: Cast) -> None:
    for user, office in ((cast.applicant, world.city), (cast.county, world.city)):
        with pytest.raises(PermissionDenied):
            task_list_import(
                acting_user=user,
                office=office,
                name="清单",
                year=2026,
                kind="unit",
                upload=workbook(GOOD_ROWS),
            )
    assert TaskList.objects.count() == 0


def test_an_applicant_without_a_plan_is_told_to_make_one(client: Client, cast: Cast) -> None:
    client.force_login(cast.applicant)
    page = client.get(reverse("creation:task_lists")).content.decode()
    assert "本单位还没有创建实施方案" in page
    assert "导入任务清单" not in page


def test_the_plans_office_seat_takes_over_and_the_city_only_reads(
    client: Client, world: World, cast: Cast, creation: Creation
) -> None:
    task_list = published_list(client, world, cast)
    page = client.get(reverse("creation:task_lists")).content.decode()  # still the city
    assert "采用到本单位方案" not in page  # it reads the plan from above, it does not run it
    client.force_login(creation.office_head)  # 李主任 sits in the plan's 领导小组办公室
    page = client.get(reverse("creation:task_list", args=[task_list.pk])).content.decode()
    assert "采用到本单位方案" in page
    url = reverse("creation:task_list_inherit", args=[task_list.pk])
    client.post(url, {"plan": creation.plan.pk})
    assert Task.objects.filter(plan=creation.plan).count() == 3
    client.force_login(creation.party_head)  # a department head does not run the plan
    assert client.post(url, {"plan": creation.plan.pk}).status_code == 404

"""The framework pages as a user sees them: list, tree, PDF, diff, import, status buttons."""

import io
import re
from urllib.parse import unquote

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader
from tests.conftest import login
from tests.frameworks.conftest import yiyang_document

from wenming.frameworks.exchange import to_bytes
from wenming.frameworks.models import Framework
from wenming.frameworks.services import framework_import, framework_revise


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_list_shows_each_framework_with_version_status_and_totals(client, cast, loaded):
    login(client, cast.assessor)
    text = text_of(client.get(reverse("frameworks:index")))
    assert "益阳市文明单位(标兵单位)测评细则(2021年版)" in text
    assert "yiyang-unit-2021 1 测评细则 使用中 100 20 11 / 44" in text
    assert "门头沟区文明农村社区月度综合考评" in text
    assert "2 个组成部分" in text


def test_list_runs_the_same_number_of_queries_for_3_or_13_frameworks(client, cast, loaded):
    login(client, cast.city)
    url = reverse("frameworks:index")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        document = yiyang_document()
        document["code"] = f"copy-{n}"
        framework_import(acting_user=cast.city, document=document)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("copy-") == 10
    assert len(many) == len(few)


def test_nobody_without_a_role_cannot_see_frameworks(client, cast, loaded):
    login(client, cast.nobody)
    assert client.get(reverse("frameworks:index")).status_code == 403
    assert client.get(reverse("frameworks:detail", args=[1])).status_code == 403


def test_tree_shows_items_criteria_clauses_and_totals(client, cast, yiyang):
    login(client, cast.applicant)
    response = client.get(reverse("frameworks:detail", args=[yiyang.pk]))
    text = text_of(response)
    assert "1 理想信念教育 10 分" in text
    assert "11 工作实绩和内部管理 12 分" in text
    assert "测评标准合计 100 分" in text
    assert "11 个测评项目，44 条测评标准" in text
    # criterion 1: 6 points in three clauses of 2, assessed on material by 办公室
    assert re.search(r"1 党委\(党组\)把深入学习.*?6 材料审核 办公室", text)
    assert '1.3 推进"不忘初心、牢记使命"主题教育常态化' in text.replace("&quot;", '"')
    assert "荣誉称号" in text
    assert "经验推介" in text
    assert "同一内容只按最高分计一次" in text
    assert "注册志愿者数 / 职工人数 ≥ 50%" in text
    assert "党员注册志愿者数 / 在职党员数 ≥ 80%（在职党员数不足 20 人时须全部达到）" in text
    assert "问卷“职工参与率”的肯定率 ≥ 95%" in text
    # applicants read; they get no buttons to change anything
    assert "停用" not in text
    assert "导入" not in text


def test_office_staff_see_export_import_revise_and_retire(client, cast, yiyang):
    login(client, cast.city)
    text = text_of(client.get(reverse("frameworks:detail", args=[yiyang.pk])))
    for label in ("导出 YAML", "导出 Excel", "导入", "修订（生成新版本）", "停用", "打印 PDF"):
        assert label in text


def test_composite_page_shows_components_weights_and_grade_bands(client, cast, loaded):
    login(client, cast.committee)
    liaocheng = loaded["liaocheng-midyear-2018"]
    text = text_of(client.get(reverse("frameworks:detail", args=[liaocheng.pk])))
    assert "考核细则共性细则(42条) 按测评细则评分（0–100） 40%" in text
    assert "帮包社区" in text
    assert "30%" in text
    assert "从 100 分起算，限定在 0–100 分" in text
    assert "-5" in text
    assert "+2" in text
    mentougou = loaded["mentougou-monthly-2020"]
    text = text_of(client.get(reverse("frameworks:detail", args=[mentougou.pk])))
    assert "优秀 ≥ 90 良好 ≥ 80 合格 ≥ 60 不合格 ≥ 0" in text


def test_pdf_has_the_criteria_in_chinese(client, cast, yiyang):
    login(client, cast.body)
    response = client.get(reverse("frameworks:pdf", args=[yiyang.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    assert "益阳市文明单位(标兵单位)测评细则(2021年版)" in text
    assert "序号考评内容考评标准分值考评方法责任部门" in text
    assert "理想信念教育" in text
    assert '广泛运用"学习强国"等平台载体深入开展中国特色社会主义和中国梦学习教育' in text
    assert "材料审核" in text
    assert "特色加分项目" in text
    # the header repeats on every page of the table
    assert len(reader.pages) > 2
    assert "序号考评内容考评标准" in re.sub(r"\s+", "", reader.pages[1].extract_text())


def test_diff_shows_changed_added_and_removed_criteria_with_points(client, cast, yiyang):
    document = yiyang_document()
    item = document["items"][0]
    item["criteria"][0]["text"] = "新的第一条标准"
    item["criteria"][0]["points"] = "4"
    item["criteria"][0]["clauses"] = item["criteria"][0]["clauses"][:2]
    item["criteria"].append(
        {
            "number": 45,
            "text": "新增的标准",
            "points": "2",
            "clauses": [{"key": "45.1", "points": "2"}],
        }
    )
    del document["items"][1]["criteria"][1]  # criterion 5 (2 points) ...
    document["items"][1]["criteria"][0]["points"] = "6"  # ... moved into criterion 4
    document["items"][1]["criteria"][0]["clauses"][0]["points"] = "4"
    draft = framework_revise(acting_user=cast.city, framework=yiyang, document=document)
    login(client, cast.city)
    text = text_of(client.get(reverse("frameworks:diff", args=[draft.pk])))
    assert "第 1 版 → 第 2 版" in text
    assert "测评标准：新增 1 条，删除 1 条，修改 2 条" in text
    assert "评分要点：新增 1 个，删除 2 个，修改 1 个" in text
    assert re.search(r"1 党委\(党组\)把深入学习.*? 6 新的第一条标准 4", text)
    assert "45 （新增） — 新增的标准 2" in text
    assert "（删除）" in text
    assert "1.3" in text


def test_import_page_shows_the_error_naming_the_item(client, cast, loaded):
    document = yiyang_document()
    document["items"][4]["points"] = "11"
    login(client, cast.city)
    upload = SimpleUploadedFile("bad.yaml", yaml.safe_dump(document, allow_unicode=True).encode())
    response = client.post(reverse("frameworks:import"), {"file": upload})
    assert response.status_code == 200
    assert "测评项目“文明优质服务”的分值为 11 分，但其测评标准合计 10 分。" in text_of(response)
    assert Framework.objects.filter(code="yiyang-unit-2021").count() == 1


def test_import_page_reports_the_excel_row(client, cast, yiyang):
    document = yiyang_document()
    document["items"][3]["criteria"][0]["points"] = "3"
    document["items"][3]["criteria"][0]["clauses"][0]["points"] = "3"
    login(client, cast.city)
    upload = SimpleUploadedFile("bad.xlsx", to_bytes(document, "xlsx"))
    text = text_of(client.post(reverse("frameworks:import"), {"file": upload}))
    assert (
        "“测评细则”第 15 行：测评项目“党组织建设和党风廉政建设”的分值为 4 分，"
        "但其测评标准合计 5 分。" in text
    )


def test_office_revises_publishes_and_retires_from_the_page(client, cast, yiyang):
    login(client, cast.city)
    response = client.post(reverse("frameworks:action", args=[yiyang.pk, "revise"]), follow=True)
    draft = Framework.objects.get(code="yiyang-unit-2021", version=2)
    assert "已生成新的草稿版本。" in text_of(response)
    assert "草稿" in text_of(response)
    response = client.post(reverse("frameworks:action", args=[draft.pk, "publish"]), follow=True)
    assert "已启用。" in text_of(response)
    response = client.post(reverse("frameworks:action", args=[yiyang.pk, "retire"]), follow=True)
    assert "已停用" in text_of(response)
    yiyang.refresh_from_db()
    assert yiyang.status == "retired"


def test_applicant_cannot_change_a_framework(client, cast, yiyang):
    login(client, cast.applicant)
    assert client.post(reverse("frameworks:action", args=[yiyang.pk, "retire"])).status_code == 403
    assert client.get(reverse("frameworks:import")).status_code == 403


def test_export_downloads_yaml_and_xlsx(client, cast, yiyang):
    login(client, cast.city)
    response = client.get(reverse("frameworks:export", args=[yiyang.pk, "yaml"]))
    assert yaml.safe_load(response.content)["code"] == "yiyang-unit-2021"
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert name == f"{yiyang.name}（第1版）.yaml"
    assert "yiyang-unit-2021" not in name
    response = client.get(reverse("frameworks:export", args=[yiyang.pk, "xlsx"]))
    assert response.content[:2] == b"PK"


def test_a_checklist_shows_its_conditions_and_can_be_edited(client, cast, loaded):
    standard = loaded["family-example"]
    login(client, cast.city)
    text = text_of(client.get(reverse("frameworks:detail", args=[standard.pk])))
    assert "本标准为达标制" in text
    assert "8 个标准项目" in text
    assert (
        reverse("frameworks:editor", args=[standard.pk])
        in client.get(reverse("frameworks:detail", args=[standard.pk])).content.decode()
    )

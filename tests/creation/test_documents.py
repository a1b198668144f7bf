"""The plan's Word documents: 实施方案 (leading group, phases, 任务分工 table) and 自查报告."""

import io
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from tests.conftest import Cast, login
from tests.creation.conftest import Creation

from wenming.campaigns.models import SelfMark
from wenming.creation.documents import departments_text
from wenming.creation.models import Assignment, Occurrence, Task


def _text(content: bytes) -> tuple[str, list[list[str]]]:
    document = Document(io.BytesIO(content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return paragraphs, rows


def _get(client: Client, creation: Creation, name: str) -> bytes:
    response = client.get(reverse(f"creation:{name}", args=[creation.plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    return response.content


@pytest.fixture
def plan_docx(client: Client, creation: Creation, cast: Cast) -> bytes:
    Assignment.objects.create(
        plan=creation.plan, clause_key="2.1", department=creation.office, order=0
    )
    Assignment.objects.create(
        plan=creation.plan, clause_key="2.1", department=creation.party, order=1
    )
    login(client, cast.applicant)
    return _get(client, creation, "plan_document")


def test_plan_document_names_the_group_phases_and_divides_the_work(plan_docx: bytes) -> None:
    paragraphs, rows = _text(plan_docx)
    assert "一、指导思想和目标" in paragraphs
    assert "组长：王组长（党委书记）" in paragraphs
    assert "主任：李主任（办公室主任）" in paragraphs
    year = timezone.localdate().year
    assert f"宣传发动（{year}年3月30日—4月6日）" in paragraphs
    assert rows[0] == ["序号", "考评内容", "考评标准", "考评方法", "责任部门"]
    assert any(row[1].startswith("一、") and row[0] == "" for row in rows)  # an item's heading row
    assert any(row[4] == "办公室（牵头）、机关党委" for row in rows)
    # Clauses nobody assigned fall back to the framework's own 责任部门.
    assert any("（牵头）" in row[4] and "机关党委" not in row[4].split("、")[0] for row in rows)
    assert any("材料审核" in row[3] for row in rows)


def test_departments_text_marks_only_the_lead_of_several() -> None:
    assert departments_text(["办公室"]) == "办公室"
    assert departments_text(["办公室", "机关党委", "工会"]) == "办公室（牵头）、机关党委、工会"


def test_self_check_report_lists_marks_material_and_gaps(
    client: Client, creation: Creation, cast: Cast
) -> None:
    SelfMark.objects.create(
        application=creation.application, clause_key="1.1", points=Decimal("1.5")
    )
    task = Task.objects.create(
        plan=creation.plan, clause_key="1.1", title="召开专题会议", due_text="第一季度"
    )
    today = timezone.localdate()
    Occurrence.objects.create(
        task=task,
        label="第一季度",
        starts_on=today - timedelta(days=40),
        due_on=today - timedelta(days=1),
    )
    login(client, cast.applicant)
    paragraphs, rows = _text(_get(client, creation, "self_check_report"))
    assert "一、总体情况" in paragraphs
    assert "已自评1项" in paragraphs
    assert rows[0] == ["序号", "考评内容", "分值", "自评分", "已有材料", "存在问题"]
    first = next(row for row in rows[1:] if row[0] == "1")
    assert first[3] == "1.5"
    assert "召开专题会议（第一季度）已逾期" in first[5]
    assert "1.1无材料" in first[5]
    assert any(row[3] == "未自评" for row in rows)


@pytest.mark.parametrize("name", ["plan_document", "self_check_report"])
def test_a_department_head_gets_404(client: Client, creation: Creation, name: str) -> None:
    # 李主任 heads 办公室 and directs the creation office; 赵书记 only heads 机关党委.
    login(client, creation.party_head)
    assert client.get(reverse(f"creation:{name}", args=[creation.plan.pk])).status_code == 404


def test_the_city_office_reads_the_plan_document(
    client: Client, creation: Creation, cast: Cast
) -> None:
    login(client, cast.city)
    assert client.get(reverse("creation:plan_document", args=[creation.plan.pk])).status_code == 200


def test_libreoffice_converts_the_plan_document_and_page_one_renders(
    plan_docx: bytes, tmp_path: Path
) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(plan_docx)
    profile = tmp_path / "profile"
    subprocess.run(  # noqa: S603  (a fixed converter on the test's own file)
        [
            str(shutil.which("soffice")),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "plan.pdf"
    assert pdf.stat().st_size > 0
    # scripts/system-packages installs poppler and LibreOffice: a missing one is a failure.
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is not installed"
    subprocess.run(  # noqa: S603  (a fixed converter on the test's own file)
        [
            str(shutil.which("pdftoppm")),
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "2",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages
    assert pages[0].read_bytes().startswith(b"\x89PNG")

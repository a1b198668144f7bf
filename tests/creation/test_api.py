"""The creation API: plans with their group and phases, staff of the organization only,
tasks created through the service, the material's moves from upload to acceptance,
the download checked by scope, and every list in a bounded number of queries."""

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.campaigns.photos import captions
from tests.conftest import Cast, World
from tests.creation.conftest import Creation
from tests.creation.material_helpers import add_photo, make_occurrence, photo_upload
from tests.factories import UserFactory, with_role

from wenming.accounts.models import Role, User
from wenming.campaigns.models import Evidence
from wenming.creation.models import (
    Assignment,
    Occurrence,
    OccurrenceStatus,
    StaffMember,
    Task,
    TaskList,
    TaskListItem,
)

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _as(client: Client, user: User) -> Client:
    client.force_login(user, backend=BACKEND)
    return client


def test_plan_shows_its_group_and_phases(client: Client, creation: Creation) -> None:
    body = _as(client, creation.office_head).get(f"/api/creation/plans/{creation.plan.pk}/").json()
    assert body["title"] == creation.plan.title
    assert [m["name"] for m in body["group_members"]] == ["王组长", "李主任"]
    assert [p["name"] for p in body["phases"]] == ["宣传发动", "全面实施", "申报验收"]


def test_staff_are_the_organizations_only(
    client: Client, creation: Creation, cast: Cast, world: World
) -> None:
    StaffMember.objects.create(organization=world.west_unit, name="外单位人员")
    names = {
        s["name"] for s in _as(client, cast.applicant).get("/api/creation/staff/").json()["results"]
    }
    assert {"李主任", "孙干事"} <= names
    assert "外单位人员" not in names


def test_assignments_of_a_department_are_its_own(client: Client, creation: Creation) -> None:
    Assignment.objects.create(plan=creation.plan, clause_key="1.1", department=creation.office)
    Assignment.objects.create(plan=creation.plan, clause_key="1.2", department=creation.party)
    url = f"/api/creation/plans/{creation.plan.pk}/assignments/"
    rows = _as(client, creation.party_head).get(url).json()
    assert [(r["clause_key"], r["department_name"], r["leads"]) for r in rows] == [
        ("1.2", "机关党委", True)
    ]


def test_the_office_creates_a_quarterly_task(client: Client, creation: Creation) -> None:
    response = _as(client, creation.office_head).post(
        "/api/creation/tasks/",
        {
            "plan": creation.plan.pk,
            "title": "开展志愿服务活动",
            "due_text": "每季度",
            "department": creation.party.pk,
            "clause_key": "4.2",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["department_name"] == "机关党委"
    assert len(response.json()["occurrences"]) == 4


def test_a_department_cannot_create_tasks(client: Client, creation: Creation) -> None:
    response = _as(client, creation.party_head).post(
        "/api/creation/tasks/",
        {"plan": creation.plan.pk, "title": "x", "due_text": "每季度"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_unreadable_due_words_are_refused_in_words(client: Client, creation: Creation) -> None:
    response = _as(client, creation.office_head).post(
        "/api/creation/tasks/",
        {"plan": creation.plan.pk, "title": "x", "due_text": "看情况", "clause_key": "4.1"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "看情况" in str(response.json())


def test_material_goes_from_upload_to_acceptance(
    client: Client, creation: Creation, cast: Cast
) -> None:
    occurrence = make_occurrence(creation)
    fields = captions(creation.plan.organization.name)
    response = _as(client, creation.office_head).post(
        "/api/creation/materials/",
        {
            "occurrence": occurrence.pk,
            "kind": "photo",
            "activity": "道德讲堂",
            "file": photo_upload(),
            **{f"captions.{k}": v for k, v in fields.items()},
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["original_name"] == "讲堂.jpg"
    base = f"/api/creation/occurrences/{occurrence.pk}"
    assert client.post(f"{base}/submit/").json()["status"] == OccurrenceStatus.SUBMITTED
    # Only the department's leader signs off.
    assert client.post(f"{base}/sign-off/", {}, content_type="application/json").status_code == 403
    _as(client, creation.office_leader)
    signed = client.post(
        f"{base}/sign-off/", {"comment": "同意上报"}, content_type="application/json"
    )
    assert signed.json()["status_label"] == "待办公室验收"
    accepted = _as(client, cast.applicant).post(f"{base}/accept/").json()
    assert accepted["occurrence"]["status"] == OccurrenceStatus.ACCEPTED
    assert accepted["copied"] == Evidence.objects.count() >= 1


def test_the_office_returns_material_with_a_reason(
    client: Client, creation: Creation, cast: Cast
) -> None:
    occurrence = make_occurrence(creation)
    add_photo(creation, occurrence, creation.office_head)
    base = f"/api/creation/occurrences/{occurrence.pk}"
    _as(client, creation.office_head).post(f"{base}/submit/")
    _as(client, creation.office_leader).post(
        f"{base}/sign-off/", {}, content_type="application/json"
    )
    _as(client, cast.applicant)
    refused = client.post(f"{base}/return/", {"comment": ""}, content_type="application/json")
    assert refused.status_code == 400
    returned = client.post(
        f"{base}/return/", {"comment": "缺少报道"}, content_type="application/json"
    )
    assert returned.json()["return_comment"] == "缺少报道"
    assert returned.json()["status"] == OccurrenceStatus.RETURNED


def test_the_download_is_the_file_for_those_who_see_it(client: Client, creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    material = add_photo(creation, occurrence, creation.office_head)
    url = f"/api/creation/materials/{material.pk}/download/"
    response = _as(client, creation.office_leader).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # type: ignore[attr-defined]
    assert _as(client, creation.party_head).get(url).status_code == 404


def test_task_lists_with_their_rows(
    client: Client, creation: Creation, cast: Cast, world: World
) -> None:
    task_list = TaskList.objects.create(
        office=world.city, name="2026年共性任务", year=2026, kind="unit", created_by=cast.city
    )
    TaskListItem.objects.create(
        task_list=task_list, number=1, indicator="道德讲堂", due_text="每季度"
    )
    rows = _as(client, cast.city).get("/api/creation/task-lists/").json()["results"]
    assert [(r["name"], [i["indicator"] for i in r["items"]]) for r in rows] == [
        ("2026年共性任务", ["道德讲堂"])
    ]
    other = with_role(
        UserFactory(),  # type: ignore[no-untyped-call,arg-type]
        Role.APPLICANT,
        organization=world.west_unit,
    )
    assert _as(client, other).get("/api/creation/task-lists/").json()["count"] == 0


def _grow(creation: Creation, cast: Cast, world: World, n: int) -> None:
    for i in range(n):
        occurrence = make_occurrence(creation, clause_key=f"9.{i}")
        Occurrence.objects.create(
            task=occurrence.task, starts_on=date(2026, 1, 1), due_on=date(2026, 3, 31)
        )
        add_photo(creation, occurrence, creation.office_head, seed=i + 1, activity=f"活动{i}")
        StaffMember.objects.create(organization=creation.plan.organization, name=f"人员{i}")
        task_list = TaskList.objects.create(
            office=world.city, name=f"清单{i}", year=2026, kind="unit", created_by=cast.city
        )
        TaskListItem.objects.create(task_list=task_list, number=1, indicator="x", due_text="每季度")


def test_every_list_runs_bounded_queries(
    client: Client, creation: Creation, cast: Cast, world: World
) -> None:
    urls = [
        "/api/creation/plans/",
        "/api/creation/staff/",
        "/api/creation/departments/",
        "/api/creation/tasks/",
        "/api/creation/occurrences/",
        "/api/creation/materials/",
        "/api/creation/task-lists/",
        f"/api/creation/plans/{creation.plan.pk}/assignments/",
    ]
    users = [cast.applicant, creation.office_head, cast.city]
    _grow(creation, cast, world, 1)
    before = {}
    for user in users:
        _as(client, user)
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            before[user.pk, url] = len(queries)
    _grow(creation, cast, world, 3)
    for user in users:
        _as(client, user)
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            assert len(queries) == before[user.pk, url], (user.username, url)


def test_staff_contacts_only_for_the_office(client: Client, creation: Creation, cast: Cast) -> None:
    """As the 人员与部门 page: the office reads phones and e-mails, a department's people
    names and positions, the city office above no one's staff."""
    StaffMember.objects.filter(name="孙干事").update(phone="13900000001", email="sun@example.cn")

    def sun(user: User) -> dict[str, object] | None:
        rows = _as(client, user).get("/api/creation/staff/").json()["results"]
        return next((r for r in rows if r["name"] == "孙干事"), None)

    office = sun(cast.applicant)
    assert office is not None
    assert (office["phone"], office["email"], office["has_login"]) == (
        "13900000001",
        "sun@example.cn",
        False,
    )
    department = sun(creation.party_head)
    assert department is not None
    assert department["position"] == "干事"
    assert (department["phone"], department["email"], department["has_login"]) == ("", "", None)
    assert sun(cast.city) is None


def test_the_leader_declines_with_a_reason(client: Client, creation: Creation) -> None:
    occurrence = make_occurrence(creation)
    add_photo(creation, occurrence, creation.office_head)
    base = f"/api/creation/occurrences/{occurrence.pk}"
    _as(client, creation.office_head).post(f"{base}/submit/")
    # Only the department's leader sends it back to the department.
    assert (
        client.post(f"{base}/decline/", {"comment": "x"}, content_type="application/json")
    ).status_code == 403
    _as(client, creation.office_leader)
    refused = client.post(f"{base}/decline/", {"comment": ""}, content_type="application/json")
    assert refused.status_code == 400
    declined = client.post(
        f"{base}/decline/", {"comment": "照片不清楚"}, content_type="application/json"
    ).json()
    assert (declined["status"], declined["return_comment"]) == (
        OccurrenceStatus.OPEN,
        "照片不清楚",
    )


def test_the_office_transfers_accepted_material_left_behind(
    client: Client, creation: Creation, cast: Cast
) -> None:
    occurrence = make_occurrence(creation)
    add_photo(creation, occurrence, creation.office_head)
    base = f"/api/creation/occurrences/{occurrence.pk}"
    _as(client, creation.office_head).post(f"{base}/submit/")
    _as(client, creation.office_leader).post(
        f"{base}/sign-off/", {}, content_type="application/json"
    )
    # Accept, then take the copy off the application, as when copying failed.
    _as(client, cast.applicant).post(f"{base}/accept/")
    Evidence.objects.all().delete()
    assert _as(client, creation.office_leader).post(f"{base}/transfer/").status_code == 403
    moved = _as(client, cast.applicant).post(f"{base}/transfer/").json()
    assert moved["occurrence"]["status"] == OccurrenceStatus.ACCEPTED
    assert moved["copied"] == Evidence.objects.count() >= 1
    assert _as(client, creation.party_head).post(f"{base}/transfer/").status_code == 404

"""The application page's cached sheet of scoring points: rendered once per framework
version, language and mode, each request's self-marks, evidence and addresses filled in,
in a constant number of queries."""

import copy

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.campaigns.conftest import complete
from tests.conftest import login

from wenming.campaigns import services
from wenming.campaigns.models import Application, Award, Evidence, SelfMark
from wenming.frameworks.services import framework_publish, framework_revise


def apply(client, cast, campaign, world) -> Application:
    login(client, cast.applicant)
    client.post(
        reverse("campaigns:start", args=[campaign.campaign.pk, campaign.unit.pk]),
        {"organization": world.east_unit.pk},
    )
    return Application.objects.get()


def page(client, application) -> str:
    return client.get(reverse("campaigns:application", args=[application.pk])).content.decode()


def clause(html: str, key: str) -> str:
    """The scoring point's row, up to the next one's."""
    start = html.index(f'id="clause-{key}"')
    return html[start : html.index('id="clause-', start + 1)]


def test_each_applications_own_marks_and_addresses_fill_the_sheet(client, cast, campaign, world):
    application = apply(client, cast, campaign, world)
    SelfMark.objects.create(
        application=application, clause_key="1.2", points="1.5", narrative="<b>台账</b>"
    )
    text = clause(page(client, application), "1.2")
    assert 'value="1.50"' in text
    assert "&lt;b&gt;台账&lt;/b&gt;</textarea>" in text
    mark_url = reverse("campaigns:self_mark", args=[application.pk, "1.2"])
    assert f'action="{mark_url}" hx-post="{mark_url}"' in text
    upload_url = reverse("campaigns:evidence_upload", args=[application.pk, "1.2"])
    assert f'action="{upload_url}"' in text
    assert 'name="csrfmiddlewaretoken" value="' in text
    assert 'csrfmiddlewaretoken" value="\x00' not in text
    empty = clause(page(client, application), "1.3")
    assert 'value=""' in empty


def test_a_submitted_application_shows_its_marks_as_text(client, cast, campaign, world):
    application = apply(client, cast, campaign, world)
    complete(application, cast.applicant)
    SelfMark.objects.filter(application=application, clause_key="1.2").update(narrative="学习记录")
    services.application_submit(acting_user=cast.applicant, application=application)
    text = clause(page(client, application), "1.2")
    assert "自评分：<strong>" in text
    assert " · 学习记录</p>" in text
    assert "<form" not in text
    assert "上传佐证材料" not in text


def test_evidence_shows_only_beside_its_own_point(client, cast, campaign, world):
    application = apply(client, cast, campaign, world)
    evidence = Evidence.objects.create(
        application=application,
        clause_key="1.2",
        kind="photo",
        activity="读书会",
        original_name="照片.jpg",
        file="evidence/k1.jpg",
        size=1,
        content_type="image/jpeg",
        sha256="0" * 64,
        uploaded_by=cast.applicant,
    )
    html = page(client, application)
    assert "照片.jpg" in clause(html, "1.2")
    assert "照片.jpg" not in clause(html, "1.3")
    remove = reverse("campaigns:evidence_remove", args=[application.pk, evidence.pk])
    removal = clause(html, "1.2")
    assert f'action="{remove}"' in removal
    assert removal.count('name="csrfmiddlewaretoken" value="') == 3  # mark, remove, upload


def test_saving_a_self_mark_answers_with_its_form_only(client, cast, campaign, world):
    application = apply(client, cast, campaign, world)
    url = reverse("campaigns:self_mark", args=[application.pk, "1.2"])
    response = client.post(url, {"points": "1", "narrative": "会议记录"}, HTTP_HX_REQUEST="true")
    row = response.content.decode()
    # The form alone: an upload form open beside it, half filled in, is left as it is.
    assert row.startswith('<form class="mark-form"')
    assert row.endswith("</form>")
    assert 'action="/campaigns/applications/' in row
    assert "upload" not in row
    assert row.count("<form") == 1
    assert 'value="1.00"' in row
    assert "会议记录</textarea>" in row
    assert "已保存" in row
    assert "已保存" not in page(client, application)


def test_a_new_framework_version_renders_its_own_texts(client, cast, campaign, world):
    application = apply(client, cast, campaign, world)
    assert "把深入学习贯彻习近平新时代" in clause(page(client, application), "1.1")
    old = campaign.framework
    document = copy.deepcopy(old.document)
    document["items"][0]["criteria"][0]["clauses"][0]["text"] = "新版要点：学习制度健全(2分);"
    new = framework_publish(
        acting_user=None,
        framework=framework_revise(acting_user=None, framework=old, document=document),
    )
    Award.objects.filter(pk=campaign.unit.pk).update(framework=new)  # set-up
    shown = clause(page(client, application), "1.1")
    assert "新版要点：学习制度健全(2分);" in shown
    assert "把深入学习贯彻习近平新时代" not in shown


def test_the_page_runs_the_same_queries_whatever_the_marks(client, cast, campaign, world):
    application = apply(client, cast, campaign, world)
    page(client, application)  # the sheet rendered and kept
    with CaptureQueriesContext(connection) as few:
        page(client, application)
    complete(application, cast.applicant)
    for key in ("1.1", "1.2", "2.1"):
        Evidence.objects.create(
            application=application,
            clause_key=key,
            kind="photo",
            original_name=f"{key}.jpg",
            file=f"evidence/{key}.jpg",
            size=1,
            content_type="image/jpeg",
            sha256="0" * 64,
            uploaded_by=cast.applicant,
        )
    with CaptureQueriesContext(connection) as many:
        page(client, application)
    assert len(many) == len(few)

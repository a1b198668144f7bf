"""The marking page's cached sheet: rendered once per framework version and language, its
slots filled per request with the applicant's and the assessor's own figures."""

import copy

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from tests.conftest import login

from wenming.assessment import services
from wenming.assessment.selectors.marking_sheet import skeleton_key
from wenming.campaigns.models import Award, Evidence, SelfMark, Stage
from wenming.frameworks.services import framework_publish, framework_revise


def page(client, assignment, language: str = "zh-hans") -> str:
    client.cookies["django_language"] = language
    return client.get(f"/assessment/assignments/{assignment.pk}/").content.decode()


def sheet_of(html: str) -> str:
    return html[html.index('<section class="mark-item">') : html.rindex("</section>")]


def test_a_new_framework_version_renders_its_own_texts(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("West Unit")
    old = assessment.setup.framework
    login(client, cast.assessor)
    assert "把深入学习贯彻习近平新时代" in page(client, assignment)
    document = copy.deepcopy(old.document)
    document["items"][0]["criteria"][0]["clauses"][0]["text"] = "新版要点：学习制度健全(2分);"
    new = framework_publish(
        acting_user=None,
        framework=framework_revise(acting_user=None, framework=old, document=document),
    )
    Award.objects.filter(pk=assessment.setup.unit.pk).update(framework=new)  # set-up
    assert skeleton_key(new) != skeleton_key(old)
    shown = page(client, assignment)
    assert "新版要点：学习制度健全(2分);" in shown
    assert "把深入学习贯彻习近平新时代" not in shown
    assert f"{new.name} v{new.version}" in shown


def test_each_language_has_its_own_sheet(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("West Unit")
    framework = assessment.setup.framework
    login(client, cast.assessor)
    chinese = page(client, assignment)
    english = page(client, assignment, "en")
    assert "满分 2" in chinese
    assert "材料审核" in chinese
    assert "满分 2" not in english
    assert "材料审核" not in english
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert cache.get(skeleton_key(framework)) is not None
    with translation.override("zh-hans"):
        chinese_key = skeleton_key(framework)
    with translation.override("en"):
        assert skeleton_key(framework) != chinese_key
    assert sheet_of(page(client, assignment)) == sheet_of(chinese)  # from the cache


def test_the_sheet_shows_each_requests_own_figures(client, cast, assessment):
    services.assignment_generate(acting_user=cast.city, round_=assessment.round)
    assignment = assessment.assignment("West Unit")
    application = assignment.application
    SelfMark.objects.create(
        application=application, clause_key="1.2", points="1.5", narrative="<b>台账</b>"
    )
    Evidence.objects.create(
        application=application,
        clause_key="1.2",
        kind="photo",
        activity="读书会",
        original_name="照片.jpg",
        file="evidence/k1.jpg",
        size=1,
        content_type="image/jpeg",
        sha256="0" * 64,
        uploaded_by=cast.city,
    )
    login(client, cast.assessor)
    before = page(client, assignment)
    assert "1.50</strong> · &lt;b&gt;台账&lt;/b&gt;" in before
    assert "<li>活动照片 · 照片.jpg · 读书会</li>" in before
    assert 'value="2.0" checked' not in before
    url = f"/assessment/assignments/{assignment.pk}/marks/"
    client.post(url, {"clause": "1.2", "method": "material", "points": "2"})
    with CaptureQueriesContext(connection) as queries:
        after = page(client, assignment)
    clause = after[after.index('id="clause-1.2"') : after.index('id="clause-1.3"')]
    assert 'value="2.0" checked>' in clause
    assert "data-state>已保存</span>" in clause
    assert after.count(" checked") == 1
    assert " disabled" not in clause
    Stage.objects.filter(campaign=assessment.setup.campaign, kind="assessment").update(
        closed_at=timezone.now()
    )
    closed = page(client, assignment)
    clause = closed[closed.index('id="clause-1.2"') : closed.index('id="clause-1.3"')]
    assert 'value="2.0" checked disabled>' in clause
    assert 'value="0.0" disabled>' in clause
    with CaptureQueriesContext(connection) as again:
        page(client, assignment)
    assert len(again) == len(queries)

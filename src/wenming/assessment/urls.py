"""The assessment pages: rounds and the board, marking, the gate, ranking, questionnaires."""

from django.urls import path

from .views import assessors, gate, marking, questionnaires, ranking, rounds, whatif

app_name = "assessment"
urlpatterns = [
    path("", rounds.index, name="index"),
    path("campaigns/<int:pk>/rounds/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.board, name="board"),
    path("rounds/<int:pk>/generate/", rounds.generate, name="generate"),
    path("rounds/<int:pk>/comparison/", rounds.comparison_set, name="comparison_set"),
    path("rounds/<int:pk>/move/", rounds.move, name="move"),
    path("rounds/<int:pk>/groups/", rounds.group_add, name="group_add"),
    path("rounds/<int:pk>/members/", rounds.member_add, name="member_add"),
    path(
        "rounds/<int:pk>/members/<int:member_pk>/remove/",
        rounds.member_remove,
        name="member_remove",
    ),
    path("rounds/<int:pk>/conflicts/", rounds.conflict_add, name="conflict_add"),
    path("rounds/<int:pk>/sample/", rounds.sample, name="sample"),
    path("rounds/<int:pk>/sample/verify/", rounds.verify, name="verify"),
    path("rounds/<int:pk>/assessors/", assessors.comparison, name="assessors"),
    path("assignments/<int:pk>/", marking.mark_page, name="mark"),
    path("assignments/<int:pk>/marks/", marking.mark_save, name="mark_save"),
    path("assignments/<int:pk>/visit/", marking.visit_page, name="visit"),
    # The assessment stage's gate: mark sets still missing and their recorded reasons.
    path("campaigns/<int:pk>/mark-sets/", gate.mark_sets, name="mark_sets"),
    path("campaigns/<int:pk>/mark-sets/waive/", gate.waive, name="mark_set_waive"),
    path("waivers/<int:pk>/remove/", gate.waiver_remove, name="mark_set_waiver_remove"),
    # Ranking (the office).
    path("campaigns/<int:pk>/ranking/", ranking.ranking, name="ranking"),
    path(
        "campaigns/<int:pk>/ranking/compute/",
        ranking.ranking_compute,
        name="ranking_compute",
    ),
    path("campaigns/<int:pk>/ranking/runs/<int:run>/", ranking.ranking_run, name="ranking_run"),
    path("campaigns/<int:pk>/ranking.xlsx", ranking.ranking_xlsx, name="ranking_xlsx"),
    path("campaigns/<int:pk>/ranking.pdf", ranking.ranking_pdf, name="ranking_pdf"),
    path("campaigns/<int:pk>/ranking/what-if/", whatif.whatif, name="whatif"),
    path("rankings/<int:pk>/", ranking.breakdown, name="breakdown"),
    path("applications/<int:pk>/standing/", ranking.standing_set, name="standing_set"),
    path("applications/<int:pk>/deductions/", ranking.deduction_add, name="deduction_add"),
    # Questionnaires: the office's pages, then the public answer page (no login).
    path(
        "campaigns/<int:pk>/questionnaires/",
        questionnaires.overview,
        name="questionnaires",
    ),
    path(
        "campaigns/<int:pk>/questionnaires/issue/",
        questionnaires.issue_many,
        name="questionnaire_issue_many",
    ),
    path(
        "applications/<int:pk>/questionnaires/",
        questionnaires.issue,
        name="questionnaire_issue",
    ),
    path("questionnaires/<int:pk>/sheet/", questionnaires.sheet, name="qr_sheet"),
    path("q/<str:token>/", questionnaires.answer, name="answer"),
]

from django.urls import path

from . import views, views_gate, views_marking, views_questionnaires, views_ranking

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("campaigns/<int:pk>/rounds/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.board, name="board"),
    path("rounds/<int:pk>/generate/", views.generate, name="generate"),
    path("rounds/<int:pk>/move/", views.move, name="move"),
    path("rounds/<int:pk>/groups/", views.group_add, name="group_add"),
    path("rounds/<int:pk>/members/", views.member_add, name="member_add"),
    path(
        "rounds/<int:pk>/members/<int:member_pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("rounds/<int:pk>/conflicts/", views.conflict_add, name="conflict_add"),
    path("rounds/<int:pk>/sample/", views.sample, name="sample"),
    path("rounds/<int:pk>/sample/verify/", views.verify, name="verify"),
    path("assignments/<int:pk>/", views_marking.mark_page, name="mark"),
    path("assignments/<int:pk>/marks/", views_marking.mark_save, name="mark_save"),
    path("assignments/<int:pk>/visit/", views_marking.visit_page, name="visit"),
    # The assessment stage's gate: mark sets still missing and their recorded reasons.
    path("campaigns/<int:pk>/mark-sets/", views_gate.mark_sets, name="mark_sets"),
    path("campaigns/<int:pk>/mark-sets/waive/", views_gate.waive, name="mark_set_waive"),
    path("waivers/<int:pk>/remove/", views_gate.waiver_remove, name="mark_set_waiver_remove"),
    # Ranking (the office).
    path("campaigns/<int:pk>/ranking/", views_ranking.ranking, name="ranking"),
    path(
        "campaigns/<int:pk>/ranking/compute/",
        views_ranking.ranking_compute,
        name="ranking_compute",
    ),
    path("campaigns/<int:pk>/ranking.xlsx", views_ranking.ranking_xlsx, name="ranking_xlsx"),
    path("campaigns/<int:pk>/ranking.pdf", views_ranking.ranking_pdf, name="ranking_pdf"),
    path("rankings/<int:pk>/", views_ranking.breakdown, name="breakdown"),
    path("applications/<int:pk>/standing/", views_ranking.standing_set, name="standing_set"),
    path("applications/<int:pk>/deductions/", views_ranking.deduction_add, name="deduction_add"),
    # Questionnaires: the office's pages, then the public answer page (no login).
    path(
        "campaigns/<int:pk>/questionnaires/",
        views_questionnaires.overview,
        name="questionnaires",
    ),
    path(
        "applications/<int:pk>/questionnaires/",
        views_questionnaires.issue,
        name="questionnaire_issue",
    ),
    path("questionnaires/<int:pk>/sheet/", views_questionnaires.sheet, name="qr_sheet"),
    path("q/<str:token>/", views_questionnaires.answer, name="answer"),
]

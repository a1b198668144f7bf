from django.urls import path

from .views import apply as views_apply
from .views import campaign as views_campaign
from .views import evidence_images as views_images
from .views import review as views_review

app_name = "campaigns"
urlpatterns = [
    # The running office: campaigns, their timeline and deadlines.
    path("", views_campaign.campaign_list, name="list"),
    path("<int:pk>/", views_campaign.campaign_detail, name="detail"),
    path("<int:pk>/stages/<int:stage_pk>/extend/", views_campaign.stage_extend, name="extend"),
    path("<int:pk>/stages/<int:stage_pk>/close/", views_campaign.stage_close, name="stage_close"),
    path("<int:pk>/stages/<int:stage_pk>/open/", views_campaign.stage_open, name="stage_open"),
    path("<int:pk>/copy/", views_campaign.campaign_copy, name="copy"),
    path("<int:pk>/floors/", views_campaign.campaign_floors, name="floors"),
    path(
        "<int:pk>/awards/<int:award_pk>/framework/",
        views_campaign.award_framework,
        name="award_framework",
    ),
    path("<int:pk>/to-parent/", views_campaign.submit_to_parent, name="to_parent"),
    # The applicant.
    path("<int:pk>/apply/", views_apply.workspace, name="workspace"),
    path("<int:pk>/apply/<int:award_pk>/", views_apply.application_start, name="start"),
    path("applications/<int:pk>/", views_apply.application_detail, name="application"),
    path("applications/<int:pk>/form/", views_apply.application_form, name="application_form"),
    path(
        "applications/<int:pk>/marks/<str:clause_key>/",
        views_apply.self_mark,
        name="self_mark",
    ),
    path(
        "applications/<int:pk>/evidence/<str:clause_key>/",
        views_apply.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "applications/<int:pk>/evidence/<int:evidence_pk>/remove/",
        views_apply.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "applications/<int:pk>/bonus/honors/<int:honor_pk>/",
        views_apply.bonus_claim_accept,
        name="bonus_accept",
    ),
    path(
        "applications/<int:pk>/bonus/claims/<int:claim_pk>/remove/",
        views_apply.bonus_claim_remove,
        name="bonus_remove",
    ),
    path("applications/<int:pk>/bonus/<str:rule>/", views_apply.bonus_claim_add, name="bonus_add"),
    path("applications/<int:pk>/submit/", views_apply.application_submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views_apply.application_withdraw, name="withdraw"),
    # The recommending unit (county office, supervising body, or the office for direct ones).
    path("<int:pk>/review/", views_review.review, name="review"),
    # An evidence photo's thumbnail, for reused photos compared side by side.
    path("evidence/<int:pk>/image/", views_images.evidence_image, name="evidence_image"),
    path("applications/<int:pk>/return/", views_review.application_return, name="return"),
    path("<int:pk>/review/return/", views_review.applications_return, name="return_many"),
    path("<int:pk>/review/<int:award_pk>/recommend/", views_review.recommend, name="recommend"),
    path("bonus-claims/<int:pk>/decide/", views_review.bonus_claim_decide, name="claim_decide"),
    path("<int:pk>/review/report.<str:fmt>", views_review.report, name="report"),
    path("<int:pk>/review/report/issue/", views_review.report_issue, name="report_issue"),
    path("<int:pk>/review/submit/", views_review.recommendation_submit, name="recommendation"),
    # The office's overview of quotas.
    path("<int:pk>/quotas/", views_review.quota_dashboard, name="quotas"),
    path("<int:pk>/quotas/notice.<str:fmt>", views_review.quota_notice, name="quota_notice"),
    path(
        "<int:pk>/quotas/notice/issue/", views_review.quota_notice_issue, name="quota_notice_issue"
    ),
    path("<int:pk>/quotas/<int:award_pk>/", views_review.quota_change, name="quota_change"),
    path(
        "applications/<int:pk>/exceptional/",
        views_review.exceptional_decide,
        name="exceptional",
    ),
]

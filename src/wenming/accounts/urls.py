"""The account's addresses: the second factor, the account page, the audit trail."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("2fa/", views.second_factor, name="second_factor"),
    path("2fa/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("audit/", views.audit_trail, name="audit_trail"),
]

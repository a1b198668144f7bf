"""The site's addresses."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from wenming.accounts.password_change import PasswordChangeView
from wenming.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("help/", include("wenming.core.help_urls")),
    path("exports/", include("wenming.core.export_urls")),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("wenming.accounts.urls")),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("organizations/", include("wenming.registry.urls")),
    path("people/", include("wenming.registry.people_urls")),
    path("frameworks/", include("wenming.frameworks.urls")),
    path("campaigns/", include("wenming.campaigns.urls")),
    path("supervision/", include("wenming.supervision.urls")),
    path("creation/", include("wenming.creation.urls")),
    path("assessment/", include("wenming.assessment.urls")),
    path("draw/", include("wenming.assessment.draw_urls")),
    path("screening/", include("wenming.screening.urls")),
    path("publicity/", include("wenming.publicity.urls")),
    path("committee/", include("wenming.committee.urls")),
    path("appeals/", include("wenming.appeals.urls")),
    path("families/", include("wenming.families.urls")),
    path("cities/", include("wenming.cities.urls")),
    path("reports/", include("wenming.reports.urls")),
    path("notifications/", include("wenming.notifications.urls")),
    path("workrules/", include("wenming.workrules.urls")),
    path("api/", include("wenming.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("admin/", admin.site.urls),
]

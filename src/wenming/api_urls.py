"""The REST API's addresses; the OpenAPI document is at /api/schema/."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from wenming.api_support.errors import not_found
from wenming.appeals import api as appeals_api
from wenming.assessment import api as assessment_api
from wenming.campaigns import api as campaigns_api
from wenming.committee import api as committee_api
from wenming.creation import api as creation_api
from wenming.frameworks import api as frameworks_api
from wenming.notifications import api as notifications_api
from wenming.publicity import api as publicity_api
from wenming.registry import api as registry_api
from wenming.reports import api as reports_api
from wenming.screening import api as screening_api
from wenming.supervision import api as supervision_api
from wenming.workrules import api as workrules_api

router = DefaultRouter()
router.register("regions", registry_api.RegionViewSet, basename="region")
router.register("bodies", registry_api.BodyViewSet, basename="body")
router.register("organizations", registry_api.OrganizationViewSet, basename="organization")
router.register("titles", registry_api.TitleViewSet, basename="title")

frameworks_api.register(router)
supervision_api.register(router)
assessment_api.register(router)
screening_api.register(router)
publicity_api.register(router)
committee_api.register(router)
campaigns_api.register(router)
appeals_api.register(router)
creation_api.register(router)
reports_api.register(router)
notifications_api.register(router)
workrules_api.register(router)

# Any other address under /api/ (a malformed id among them) is a JSON 404 in the API's one
# error format, not the site's HTML page.
urlpatterns = [*router.urls, re_path(r"^(?!schema/).*$", not_found, name="api-not-found")]

from django.urls import include, path

from gongkai.agencies.admin import site as system_admin_site
from gongkai.api import api
from gongkai.portal.views import language_switch

handler500 = "gongkai.outage.server_error"

urlpatterns = [
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.consultations.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.catalogue.urls")),
    path("", include("gongkai.submissions.urls")),
    path("", include("gongkai.trading.urls")),
    path("", include("gongkai.exchange.urls")),
    path("", include("gongkai.inspection.urls")),
    path("", include("gongkai.privacy.urls")),
    path("staff/", include("gongkai.agencies.urls")),
    path("manage/system/", system_admin_site.urls),
    path("api/v1/", api.urls),
    path("i18n/setlang/", language_switch, name="set_language"),
    path("", include("gongkai.portal.urls")),
]

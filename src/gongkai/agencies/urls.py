from django.urls import path

from gongkai.agencies import account_views, views
from gongkai.audit.views import audit_log

app_name = "workspace"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("otp/", account_views.otp_verify, name="otp_verify"),
    path("otp/enrol/", account_views.otp_enrol, name="otp_enrol"),
    path("password/", account_views.password_change, name="password"),
    path("", views.dashboard, name="dashboard"),
    path("switch/", views.agency_switch, name="switch"),
    path("manage/security/roles/", views.roles_console, name="roles"),
    path("manage/security/roles/<int:grant_id>/revoke/", views.role_revoke, name="role_revoke"),
    path(
        "manage/security/accounts/<str:action>/",
        account_views.account_security,
        name="account_security",
    ),
    path("manage/audit/", audit_log, name="audit_log"),
]

from django.urls import path

from gongkai.reports import views

app_name = "reports"
urlpatterns = [
    path("staff/reports/<int:year>/", views.compose, name="compose"),
    path("staff/reports/<int:year>/publish/", views.publish, name="publish"),
    path("staff/supervision/reports/<int:year>/", views.supervision, name="supervision"),
    path("staff/supervision/check/", views.batch_check, name="batch"),
    path("site/<slug:slug>/annual-reports/", views.public_list, name="list"),
    path("site/<slug:slug>/annual-reports/<int:year>/", views.public_report, name="report"),
    path(
        "site/<slug:slug>/annual-reports/<int:year>/v<int:number>/",
        views.public_report,
        name="version",
    ),
    path(
        "site/<slug:slug>/annual-reports/<int:year>.<str:fmt>",
        views.public_download,
        name="download",
    ),
]

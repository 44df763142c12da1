from django.urls import path

from gongkai.inspection import views

app_name = "inspection"
urlpatterns = [
    path("staff/inspection/", views.overview, name="overview"),
    path("staff/inspection/start/", views.start, name="start"),
    path("staff/inspection/runs/<int:pk>/", views.run_page, name="run"),
    path("staff/inspection/runs/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("staff/inspection/runs/<int:pk>/export.xlsx", views.export, name="export"),
    path("staff/supervision/inspection/", views.supervision, name="supervision"),
]

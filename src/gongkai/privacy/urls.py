from django.urls import path

from gongkai.privacy import views

app_name = "privacy"
urlpatterns = [path("staff/personal-data/", views.subject_request, name="subject")]

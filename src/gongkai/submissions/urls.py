from django.urls import path

from gongkai.submissions import views

app_name = "submissions"
urlpatterns = [
    path("staff/submissions/", views.overview, name="overview"),
    path("staff/submissions/new/", views.submit, name="submit"),
    path("staff/submissions/tasks/", views.task, name="task"),
    path("staff/submissions/<int:pk>/<str:action>/", views.decide, name="decide"),
]

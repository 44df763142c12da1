from django.urls import path

from gongkai.consultations import public, staff

app_name = "consultations"
urlpatterns = [
    path("site/<slug:slug>/ask/", public.ask, name="ask"),
    path("site/<slug:slug>/ask/<str:code>/", public.receipt, name="receipt"),
    path("site/<slug:slug>/consult/", public.qa_list, name="qa_list"),
    path("site/<slug:slug>/consult/<int:pk>/", public.qa_detail, name="qa_detail"),
    path("consult/track/", public.track, name="track"),
    path("consult/track/<str:code>/", public.status, name="status"),
    path("staff/consultations/", staff.question_list, name="list"),
    path("staff/consultations/desk/", staff.desk, name="desk"),
    path("staff/consultations/<int:pk>/", staff.question_detail, name="detail"),
    path("staff/consultations/<int:pk>/reveal/", staff.question_reveal, name="reveal"),
    path("staff/consultations/<int:pk>/<str:action>/", staff.question_action, name="action"),
    path(
        "staff/consultations/from-application/<int:pk>/",
        staff.from_application,
        name="from_application",
    ),
]

from django.urls import path

from gongkai.applications import public, staff

app_name = "applications"
urlpatterns = [
    path("site/<slug:slug>/apply/", public.apply, name="apply"),
    path("site/<slug:slug>/apply/<str:code>/", public.receipt, name="receipt"),
    path("track/", public.track, name="track"),
    path("track/<str:code>/", public.status, name="status"),
    path("track/<str:code>/correct/", public.correct, name="correct"),
    path(
        "track/<str:code>/letters/<int:letter_id>.<str:fmt>",
        public.letter_download,
        name="letter",
    ),
    path("track/<str:code>/files/<int:file_id>/", public.file_download, name="file"),
    path("staff/cases/", staff.case_list, name="cases"),
    path("staff/cases/new/", staff.case_register, name="register"),
    path("staff/cases/export/<int:year>.csv", staff.case_export, name="export"),
    path("staff/cases/<int:pk>/", staff.case_detail, name="case"),
    path("staff/cases/<int:pk>/reveal/", staff.case_reveal, name="reveal"),
    path("staff/cases/<int:pk>/<str:action>/", staff.case_action, name="action"),
    path("staff/letters/<int:pk>.<str:fmt>", staff.letter_download, name="staff_letter"),
]

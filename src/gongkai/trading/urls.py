from django.urls import path

from gongkai.trading import public_views, views

app_name = "trading"
urlpatterns = [
    path("site/<slug:slug>/trading/", public_views.landing, name="landing"),
    path("site/<slug:slug>/trading/calendar/", public_views.calendar_page, name="calendar"),
    path("site/<slug:slug>/trading/calendar.ics", public_views.calendar_feed, name="ical"),
    path("site/<slug:slug>/trading/<slug:sector>/", public_views.sector_page, name="sector"),
    path("staff/trading/", views.project_list, name="projects"),
    path("staff/trading/new/", views.project_new, name="project_new"),
    path("staff/trading/<int:pk>/", views.project_detail, name="project"),
    path("staff/trading/<int:pk>/notices/new/", views.notice_new, name="notice_new"),
    path("staff/trading/notices/<int:pk>/", views.notice_detail, name="notice"),
    path("staff/trading/notices/<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("staff/trading/notices/<int:pk>/publish/", views.notice_publish, name="publish"),
    path("staff/trading/notices/<int:pk>/withdraw/", views.notice_withdraw, name="withdraw"),
]

from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("site/<slug:slug>/", views.agency_home, name="agency"),
    path("site/<slug:slug>/<slug:column_slug>/", views.column_page, name="column"),
]

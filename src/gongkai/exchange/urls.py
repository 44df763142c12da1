from django.urls import path

from gongkai.exchange import views

app_name = "exchange"
urlpatterns = [
    path("staff/exchange/", views.overview, name="overview"),
    path("staff/exchange/retry/", views.retry, name="retry"),
]

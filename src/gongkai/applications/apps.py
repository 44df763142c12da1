from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开 Disclosure applications"

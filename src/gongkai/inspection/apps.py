from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "gongkai.inspection"
    verbose_name = "网站自查"

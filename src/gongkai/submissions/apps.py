from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "gongkai.submissions"
    verbose_name = "信息报送"

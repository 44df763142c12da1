from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "gongkai.consultations"
    verbose_name = "政务咨询 Consultations"

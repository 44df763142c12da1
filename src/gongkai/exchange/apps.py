from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "gongkai.exchange"
    verbose_name = "数据交换"

from django.apps import AppConfig


class TradingConfig(AppConfig):
    name = "gongkai.trading"
    verbose_name = "交易信息"

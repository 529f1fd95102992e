from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "polku.demo"
    verbose_name = "Demo"

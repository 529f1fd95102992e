from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "polku.lib"
    verbose_name = "Polku helpers"

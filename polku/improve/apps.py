from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImproveConfig(AppConfig):
    name = "polku.improve"
    verbose_name = _("Improvement")

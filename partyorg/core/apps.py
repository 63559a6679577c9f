from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "partyorg.core"
    label = "core"
    verbose_name = "partyorg"

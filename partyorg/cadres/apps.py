from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "partyorg.cadres"
    label = "cadres"
    verbose_name = "Công tác cán bộ"

from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "partyorg.discipline"
    label = "discipline"
    verbose_name = "Khen thưởng, kỷ luật"

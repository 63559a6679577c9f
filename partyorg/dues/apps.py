from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "partyorg.dues"
    label = "dues"
    verbose_name = "Đảng phí"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "partyorg.api"
    label = "api"
    verbose_name = "API cho hệ thống khác"

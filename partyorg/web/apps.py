from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "partyorg.web"
    label = "web"
    verbose_name = "Trang web"

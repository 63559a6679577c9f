from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "partyorg.cards"
    label = "cards"
    verbose_name = "Thẻ đảng viên"

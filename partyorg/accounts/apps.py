from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "partyorg.accounts"
    label = "accounts"
    verbose_name = "Người dùng và phạm vi"

from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "partyorg.cli"
    label = "partyorg_cli"
    verbose_name = "partyorg command line"

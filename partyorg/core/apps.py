from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "partyorg.core"
    label = "core"
    verbose_name = "partyorg"

    def ready(self) -> None:
        # [P]/[U] rule numbers a deployment corrects in settings (see partyorg/rules/config.py).
        from django.conf import settings

        from partyorg.rules import cadre_config, config, dues_config

        config.configure(**getattr(settings, "PARTYORG_RULES", {}))
        dues_config.configure(**getattr(settings, "PARTYORG_DUES", {}))
        cadre_config.configure(**getattr(settings, "PARTYORG_CADRES", {}))

        # Lists of ids go to PostgreSQL as one array parameter (see partyorg/core/lookups.py).
        from partyorg.core import lookups

        lookups.register()

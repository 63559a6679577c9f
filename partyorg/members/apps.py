from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "partyorg.members"
    label = "members"
    verbose_name = "Đảng viên"

    def ready(self) -> None:
        from partyorg.members import stock
        from partyorg.organizations.signals import versions_rebuilt

        versions_rebuilt.connect(stock.on_versions_rebuilt, dispatch_uid="members.stock")

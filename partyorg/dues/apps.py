from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "partyorg.dues"
    label = "dues"
    verbose_name = "Đảng phí"

    def ready(self) -> None:
        from partyorg.dues.summary import on_derived_refreshed
        from partyorg.members.signals import derived_refreshed

        # The stored monthly dues follow the membership records (dues.summary).
        derived_refreshed.connect(on_derived_refreshed, dispatch_uid="dues.summary")

from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "partyorg.committees"
    label = "committees"
    verbose_name = "Đại hội, cấp ủy"

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "partyorg.members"
    label = "members"
    verbose_name = "Đảng viên"

from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "partyorg.papers"
    label = "papers"
    verbose_name = "Văn bản in từ hồ sơ đảng viên"

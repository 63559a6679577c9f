from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "partyorg.recruitment"
    label = "recruitment"
    verbose_name = "Phát triển đảng viên"

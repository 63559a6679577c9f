from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "partyorg.reports"
    label = "reports"
    verbose_name = "Thống kê, báo cáo"

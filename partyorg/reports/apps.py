from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "partyorg.reports"
    label = "reports"
    verbose_name = "Thống kê, báo cáo"

    def ready(self) -> None:
        from partyorg.members.signals import stock_refreshed
        from partyorg.reports import flow_summary
        from partyorg.reports.breakdown_summary import on_stock_refreshed

        # Form 3's breakdown counts follow the stock's facts and the dated facts (issue 18).
        stock_refreshed.connect(on_stock_refreshed, dispatch_uid="reports.breakdown_summary")
        # Form 1's monthly move counts likewise (issue 18).
        stock_refreshed.connect(flow_summary.on_stock_refreshed, dispatch_uid="reports.flow_summary")

from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "partyorg.ratings"
    label = "ratings"
    verbose_name = "Kiểm điểm, đánh giá, xếp loại"

    def ready(self) -> None:
        from partyorg.members.signals import derived_refreshed
        from partyorg.ratings.summary import on_derived_refreshed

        # The figures' roster lines follow the membership records (ratings.summary).
        derived_refreshed.connect(on_derived_refreshed, dispatch_uid="ratings.summary")

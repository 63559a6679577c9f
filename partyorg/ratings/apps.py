from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "partyorg.ratings"
    label = "ratings"
    verbose_name = "Kiểm điểm, đánh giá, xếp loại"

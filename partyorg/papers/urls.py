"""The pages of the papers printed from a member's record, included by partyorg/urls.py."""

from django.urls import URLPattern, path

from partyorg.papers import views

urlpatterns: list[URLPattern] = [
    path("dang-vien/<str:code>/van-ban/", views.member_papers, name="member_papers"),
    path("dang-vien/<str:code>/van-ban/<uuid:uid>/in/", views.issue, name="paper_issue"),
    path("van-ban/<uuid:uid>/", views.paper, name="paper"),
    path("van-ban/<uuid:uid>/tai.<str:extension>", views.download, name="paper_download"),
    path("van-ban/<uuid:uid>/thu-hoi/", views.withdraw, name="paper_withdraw"),
    path("to-chuc/<str:code>/so-van-ban/", views.register, name="paper_register"),
]

from django.urls import URLPattern, path

from partyorg.web import views

urlpatterns: list[URLPattern] = [path("", views.home, name="home")]

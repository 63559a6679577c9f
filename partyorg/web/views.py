"""Pages. Thin: read the request, call one query, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what partyorg is and how to use it today. It shows no records: pages
    that show records wait for sign-in and scopes (one subtree per user)."""
    return render(request, "web/home.html")

"""The second factor (django-otp): an authenticator app's six-digit code (TOTP), or one of ten
backup codes, given after the password.

Who must give one:

- a user who has set up an app gives a code at each sign-in, whatever the settings say;
- with ``PARTYORG_REQUIRE_SECOND_FACTOR`` on, superusers and every holder of the ADMINISTER role
  over any organization (:func:`required_for`) must set one up first: until they have, the set-up
  page is the only page they reach. The full export of the records is a command run on the server
  (``partyorg export``), not a page; the documents of the reports page are VIEW's, every user's.

What a signed-in user still has to do is decided once, when they sign in (:func:`on_sign_in`, kept
in the session, so that a page costs no query for it), and again for a session older than this
rule; a role given to a user who is signed in counts from their next sign-in.
:class:`SecondFactorMiddleware` sends them to the code step or to the set-up, which with signing
out and the language switch are the only pages they reach until then; an API call with the
session's cookie is refused (403), one with a token is the token's business.

Every write here finds the device through the signed-in user, never through an id the browser
sends: a user can only ever confirm or use their own device.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partyorg.accounts.models import Assignment, Role, SecondFactorEvent, SecondFactorEventKind

__all__ = [
    "SESSION_KEY",
    "SecondFactorMiddleware",
    "confirm",
    "for_export",
    "pending_device",
    "required_for",
    "reset",
    "state",
    "verify",
]

logger = logging.getLogger("partyorg.security")

SESSION_KEY = "partyorg_second_factor"
VERIFY = "verify"  # the user has a device: a code is asked at sign-in
SET_UP = "setup"  # the user must have one and has none yet
BACKUP_CODES = 10
# The pages a user who still owes a code (or a device) reaches: the two steps, signing out, the
# language switch.
OPEN_PAGES = frozenset({"otp_setup", "otp_verify", "logout", "set_language"})

User = AbstractBaseUser | AnonymousUser


def required_for(user: User) -> bool:
    """Must ``user`` have a second factor? With the setting on: superusers, and anyone holding
    ADMINISTER over an organization (an assignment not taken back)."""
    if not settings.PARTYORG_REQUIRE_SECOND_FACTOR or not user.is_authenticated:
        return False
    return bool(getattr(user, "is_superuser", False)) or (
        Assignment.objects.filter(
            user_id=user.pk, role__gte=Role.ADMINISTER, revoked_at__isnull=True
        ).exists()
    )


def has_device(user: User) -> bool:
    return next(devices_for_user(user), None) is not None


def state(user: User) -> str:
    """What ``user`` owes after the password: ``VERIFY`` (a code), ``SET_UP`` (a device), or ``""``."""
    if not user.is_authenticated:
        return ""
    if has_device(user):
        return VERIFY
    return SET_UP if required_for(user) else ""


def on_sign_in(sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = state(user)


user_logged_in.connect(on_sign_in, dispatch_uid="partyorg.accounts.otp.on_sign_in")


def _is_verified(request: HttpRequest) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def owed(request: HttpRequest) -> str:
    """What the request's user still owes in this session: ``""`` once a code was given."""
    if not request.user.is_authenticated or _is_verified(request):
        return ""
    if SESSION_KEY not in request.session:  # a session from before this rule
        request.session[SESSION_KEY] = state(request.user)
    return str(request.session[SESSION_KEY])


def step_url(what: str, request: HttpRequest) -> str:
    """The page of the step owed, with the page asked for (a GET) to come back to."""
    url = reverse("otp_verify" if what == VERIFY else "otp_setup")
    if request.method == "GET" and request.resolver_match and request.resolver_match.url_name != "home":
        url += "?" + urlencode({"next": request.get_full_path()})
    return url


EXPORT = "xuat"  # the set-up page's parameter: asked for by a download that names people


def for_export(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A download of a file that names people (one person's data, a document, the import's
    findings, a paper): with ``PARTYORG_REQUIRE_SECOND_FACTOR`` on, only in a session verified by a
    second factor, whoever the user (issue 19: "two-factor sign-in for administrators and for anyone
    who can export"). A user with an app gave its code at sign-in; one without is sent to set one
    up, and comes back to the download once it is confirmed."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        required = settings.PARTYORG_REQUIRE_SECOND_FACTOR and request.user.is_authenticated
        if required and not _is_verified(request):
            url = reverse("otp_setup") + "?" + urlencode({"next": request.get_full_path(), EXPORT: "1"})
            return HttpResponseRedirect(url)
        return view(request, *args, **kwargs)

    return guarded


class SecondFactorMiddleware:
    """After ``OTPMiddleware``: a user who owes a code or a device reaches only ``OPEN_PAGES``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        what = owed(request)
        request.second_factor_owed = what  # type: ignore[attr-defined]  # base.html hides the menu
        match = request.resolver_match
        if not what or (match is not None and match.url_name in OPEN_PAGES):
            return None
        if match is not None and "api" in match.namespaces:
            if "HTTP_AUTHORIZATION" in request.META:
                return None  # a token: the request is made as the token's user (partyorg.api)
            return JsonResponse(
                {"detail": _("Cần nhập mã xác thực hai lớp trên trang đăng nhập")}, status=403
            )
        url = step_url(what, request)
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url  # htmx loads the whole page there
            return response
        return HttpResponseRedirect(url)


# -- the set-up -----------------------------------------------------------------------------------


def pending_device(user: AbstractBaseUser) -> TOTPDevice:
    """``user``'s app being set up: the unconfirmed TOTP device, made on the first visit and kept
    until confirmed (reloading the page shows the same secret)."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="partyorg", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` address as an inline SVG QR code (no style attribute: the
    content security policy allows no inline style)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, title=_("Mã QR")))


def secret_text(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _record(user: AbstractBaseUser, kind: str, by: str, detail: str = "") -> None:
    SecondFactorEvent.objects.create(
        at=timezone.now(), user_id=user.pk, username=user.get_username(), kind=kind, by=by, detail=detail
    )
    logger.info("second factor %s: %s by %s %s", kind, user.get_username(), by, detail)


def confirm(request: HttpRequest, code: str) -> list[str] | None:
    """The signed-in user's app gives its first ``code``: the device is confirmed, ten new backup
    codes replace any earlier ones, the session counts as verified, and the codes are returned (to
    be shown once). None when the code is wrong (or the user has no device being set up)."""
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user_id=user.pk, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None or not device.verify_token(_digits(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
        StaticDevice.objects.filter(user_id=user.pk).delete()
        backup = StaticDevice.objects.create(user=user, name="partyorg-backup", confirmed=True)
        codes = [StaticToken.random_token() for _number in range(BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=backup, token=token) for token in codes)
        _record(
            user, SecondFactorEventKind.SET_UP, user.get_username(), request.META.get("REMOTE_ADDR") or ""
        )
    otp_login(request, device)
    request.session[SESSION_KEY] = VERIFY
    return codes


# -- the code step --------------------------------------------------------------------------------


def _digits(code: str) -> str:
    return "".join(code.split())


def verify(request: HttpRequest, code: str) -> tuple[bool, int]:
    """The signed-in user's ``code``: six digits for their app, else one of their backup codes
    (used once). ``(True, 0)`` and the session verified, or ``(False, seconds)``: refused, and how
    long to wait before the next try (django-otp doubles it at each wrong code; 0 when none)."""
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    token = _digits(code).lower()
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():
        device = kind.objects.select_for_update().filter(user_id=user.pk, confirmed=True).first()
        if device is None:
            return False, 0
        allowed, data = device.verify_is_allowed()
        if not allowed:
            return False, _wait(device, data)
        if not device.verify_token(token):
            return False, 0
    otp_login(request, device)
    return True, 0


def _wait(device: TOTPDevice | StaticDevice, data: dict[str, Any] | None) -> int:
    locked_until = data.get("locked_until") if data else None
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)


# -- an administrator lost his phone --------------------------------------------------------------


def reset(user: AbstractBaseUser, by: str) -> int:
    """Remove every device of ``user`` (the app and the backup codes), recorded with ``by``. Their
    sessions verified with the app stop counting as verified (``OTPMiddleware`` no longer finds the
    device); at the next sign-in they set up a new one if they must. Returns the devices removed."""
    with transaction.atomic():
        apps = TOTPDevice.objects.filter(user_id=user.pk)
        backups = StaticDevice.objects.filter(user_id=user.pk)
        removed = int(apps.count() + backups.count())
        apps.delete()
        backups.delete()  # and their codes
        _record(user, SecondFactorEventKind.RESET, by, f"{removed} thiết bị")
    return removed

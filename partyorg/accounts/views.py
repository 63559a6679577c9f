"""The second factor's pages (``partyorg.accounts.otp``): setting up an authenticator app, and the
code asked after the password. Both act on the signed-in user's own devices only."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from partyorg.accounts import otp


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã xác thực"), max_length=32, strip=True)


def _next(request: HttpRequest) -> str:
    """Where to go once done: the page first asked for, if it is partyorg's, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _redo(request: HttpRequest, what: str) -> HttpResponseRedirect:
    """The user's devices changed since they signed in (set up in another browser, or removed by
    ``partyorg otp reset``): what they owe now, and its page."""
    request.session[otp.SESSION_KEY] = what
    if not what:
        return HttpResponseRedirect(_next(request))
    url = reverse("otp_verify" if what == otp.VERIFY else "otp_setup")
    next_url = request.POST.get("next") or request.GET.get("next")
    return HttpResponseRedirect(url + ("?" + urlencode({"next": next_url}) if next_url else ""))


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: its QR code and its secret as text, confirmed with a first
    code; then the backup codes, shown this once. A user who already has an app gives its code
    instead (a lost phone is reset by an administrator, ``partyorg otp reset``)."""
    user = request.user
    if otp.has_device(user):
        return _redo(request, otp.VERIFY) if otp.owed(request) else HttpResponseRedirect(_next(request))
    assert user.is_authenticated
    device = otp.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.confirm(request, form.cleaned_data["code"])
        if codes is not None:
            return render(request, "web/otp_backup_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("Mã không đúng. Hãy nhập mã đang hiện trong ứng dụng (6 chữ số)."))
    return render(
        request,
        "web/otp_setup.html",
        {
            "form": form,
            "qr": otp.qr_svg(device),
            "secret": otp.secret_text(device),
            "required": otp.required_for(user),
            "for_export": bool(request.GET.get(otp.EXPORT) or request.POST.get(otp.EXPORT)),
            "next": request.POST.get("next") or request.GET.get("next") or "",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The code step after the password: a code of the user's app, or one of their backup codes."""
    if not otp.has_device(request.user):
        return _redo(request, otp.state(request.user))
    if not otp.owed(request):
        return HttpResponseRedirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accepted, wait = otp.verify(request, form.cleaned_data["code"])
        if accepted:
            return HttpResponseRedirect(_next(request))
        if wait:
            form.add_error("code", _("Đã nhập sai nhiều lần. Hãy chờ %(n)s giây rồi nhập lại.") % {"n": wait})
        else:
            form.add_error("code", _("Mã không đúng hoặc đã hết hạn."))
    return render(
        request,
        "web/otp_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next") or ""},
    )

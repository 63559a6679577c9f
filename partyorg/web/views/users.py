from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partyorg.accounts.models import Assignment, Role
from partyorg.accounts.scope import OutOfScope, Scope
from partyorg.accounts.services import NewUser, administered, give_role, take_role
from partyorg.organizations.models import OrgVersion, valid_on


class GrantForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên (khi tạo mới)", max_length=150, required=False)
    password = forms.CharField(
        label="Mật khẩu (khi tạo mới)", required=False, widget=forms.PasswordInput(render_value=False)
    )
    organization = forms.CharField(label="Mã tổ chức", max_length=40)
    role = forms.TypedChoiceField(label="Vai trò", choices=Role.choices, coerce=int)


def _administered(request: HttpRequest) -> Scope:
    """The administrator's scope today, whatever day the pages are showing: a role has no date, it
    holds from now on, so who may give or take it is decided on today's tree
    (:func:`partyorg.accounts.services.administered`)."""
    try:
        return administered(request.user)
    except OutOfScope:
        raise Http404("not an administrator") from None


def users(request: HttpRequest) -> HttpResponse:
    """Administrators: who holds which role over the organizations they administer; give a role
    (creating the user when new) or take one back (:mod:`partyorg.accounts.services`)."""
    scope = _administered(request)
    administered_ids = scope.org_ids(Role.ADMINISTER)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            given = give_role(
                request.user,  # type: ignore[arg-type]
                data["username"],
                data["organization"].strip(),
                data["role"],
                new=NewUser(data["full_name"], data["password"]),
            )
        except OutOfScope:
            form.add_error("organization", "Không tìm thấy tổ chức có mã này trong phạm vi bạn quản trị")
        except ValidationError as error:
            form.add_error("password", error)
        else:
            messages.success(request, f"Đã giao vai trò cho {given.user.get_username()}")
            return redirect("users")
    held = (
        Assignment.objects.filter(organization_id__in=administered_ids)
        .select_related("user", "organization")
        .order_by("user__username", "granted_at")
    )
    names = dict(
        OrgVersion.objects.filter(
            valid_on(scope.on), organization_id__in={a.organization_id for a in held}
        ).values_list("organization_id", "name")
    )
    rows = [(a, names.get(a.organization_id, "")) for a in held]
    return render(request, "web/users.html", {"rows": rows, "form": form})


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _administered(request)
    assignment = take_role(request.user, pk)  # type: ignore[arg-type]
    messages.success(request, f"Đã thu hồi vai trò của {assignment.user.get_username()}")
    return redirect("users")

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partyorg.accounts.models import Assignment, Role
from partyorg.accounts.scope import OutOfScope, Scope
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
    holds from now on, so who may give or take it is decided on today's tree."""
    scope = Scope(request.user, timezone.localdate())
    if not scope.org_ids(Role.ADMINISTER):
        raise Http404("not an administrator")
    return scope


def users(request: HttpRequest) -> HttpResponse:
    """Administrators: who holds which role over the organizations they administer; give a role
    (creating the user when new) or take one back."""
    scope = _administered(request)
    administered = scope.org_ids(Role.ADMINISTER)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = scope.organization(data["organization"].strip(), Role.ADMINISTER)
        except OutOfScope:
            form.add_error("organization", "Không tìm thấy tổ chức có mã này trong phạm vi bạn quản trị")
        else:
            user = User.objects.filter(username=data["username"]).first()
            if user is None:
                try:
                    validate_password(data["password"])
                except ValidationError as error:
                    form.add_error("password", error)
                else:
                    user = User.objects.create_user(
                        data["username"], password=data["password"], first_name=data["full_name"]
                    )
            if user is not None:
                Assignment.objects.create(
                    user=user,
                    organization=org,
                    role=data["role"],
                    granted_at=timezone.now(),
                    granted_by=request.user.get_username(),
                )
                messages.success(request, f"Đã giao vai trò cho {user.get_username()}")
                return redirect("users")
    held = (
        Assignment.objects.filter(organization_id__in=administered)
        .select_related("user")
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
    scope = _administered(request)
    assignment = Assignment.objects.filter(
        pk=pk, organization_id__in=scope.org_ids(Role.ADMINISTER), revoked_at__isnull=True
    ).first()
    if assignment is None:
        raise Http404("no such assignment")
    assignment.revoked_at = timezone.now()
    assignment.revoked_by = request.user.get_username()
    assignment.save(update_fields=["revoked_at", "revoked_by"])
    messages.success(request, f"Đã thu hồi vai trò của {assignment.user.get_username()}")
    return redirect("users")

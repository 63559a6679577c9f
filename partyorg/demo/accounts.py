"""The demo's sign-ins: an administrator of the province, who gives and takes back roles and reads
the audit trail (the users page and "Nhật ký" need the administer role, not a Django superuser);
an officer of the provincial Ban Tổ chức, who approves over the whole province; and the
secretary of one cell, who edits that cell only."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import timezone

from partyorg.accounts.models import Assignment, Role
from partyorg.organizations.models import Organization, OrgKind, OrgVersion

PASSWORD = "dienbien-2017"  # printed by `partyorg demo`; a demo database only
CELL_NAME = "Chi bộ Ban Tổ chức Tỉnh ủy"


def ensure_demo_users() -> list[tuple[str, str, str]]:
    """Create the demo users when missing; return (username, password, what they reach)."""
    province = OrgVersion.objects.filter(kind=OrgKind.PROVINCE, valid_until__isnull=True).first()
    cell = OrgVersion.objects.filter(name=CELL_NAME, valid_until__isnull=True).first()
    if province is None or cell is None:
        return []
    made = []
    for username, name, version, role in (
        ("quantri", "Quản trị hệ thống của Tỉnh ủy", province, Role.ADMINISTER),
        ("bantochuc", "Cán bộ Ban Tổ chức Tỉnh ủy", province, Role.APPROVE),
        ("bithu", "Bí thư Chi bộ Ban Tổ chức Tỉnh ủy", cell, Role.EDIT),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, password=PASSWORD, first_name=name)
            Assignment.objects.create(
                user=user,
                organization=Organization(pk=version.organization_id),
                role=role,
                granted_at=timezone.now(),
                granted_by="partyorg demo",
            )
        made.append((username, PASSWORD, f"{name}: {version.name}"))
    return made

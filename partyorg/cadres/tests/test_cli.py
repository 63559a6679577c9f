"""``partyorg cadres …`` through ``call_command``: a unit with a department, a cadre hired, appointed,
sent to study and planned, the unit's list and figures, and a refusal in Vietnamese."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partyorg import testing
from partyorg.cadres.models import Employment, PlanningEntry, TrainingEnrolment

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_cadre_through_the_command_line() -> None:
    testing.build_tree()
    who = testing.person("Lò Thị Hoa", sex="female", birth_date=date(1980, 3, 2))
    assert "bi_thu_tinh_uy" in run("cadres", "catalogue")
    assert "Đã ghi đơn vị BTC" in run(
        "cadres", "unit", "--code", "BTC", "--name", "Ban Tổ chức Tỉnh ủy", "--org", "T", "--on", "01/01/2005"
    )
    run(
        "cadres",
        "unit",
        "--code",
        "BTC.TCCB",
        "--name",
        "Phòng Tổ chức - cán bộ",
        "--org",
        "T",
        "--parent",
        "BTC",
        "--on",
        "01/01/2005",
    )
    assert run("cadres", "units", "--org", "T", "--on", "30/06/2018").splitlines() == [
        "BTC              Ban Tổ chức Tỉnh ủy",
        "  BTC.TCCB         Phòng Tổ chức - cán bộ",
    ]
    run(
        "cadres",
        "hire",
        who.code,
        "--unit",
        "BTC",
        "--department",
        "BTC.TCCB",
        "--on",
        "02/01/2012",
        "--category",
        "civil_servant",
        "--rank",
        "Chuyên viên chính",
    )
    assert Employment.objects.get().department.code == "BTC.TCCB"
    out = run(
        "cadres",
        "appoint",
        who.code,
        "--post",
        "pho_truong_ban_tinh_uy",
        "--unit",
        "BTC",
        "--on",
        "01/04/2016",
        "--dossier",
        "10/03/2016",
    )
    assert "hết thời hạn 01/04/2021" in out  # five years (RULES.md §11.5 [P])
    run(
        "cadres",
        "train",
        who.code,
        "--programme",
        "political_theory",
        "--level",
        "senior",
        "--on",
        "05/09/2017",
        "--until",
        "05/09/2019",
    )
    run(
        "cadres",
        "plan",
        who.code,
        "--post",
        "truong_ban_tinh_uy",
        "--unit",
        "BTC",
        "--term",
        "2020-2025",
        "--on",
        "01/03/2018",
    )
    assert PlanningEntry.objects.count() == TrainingEnrolment.objects.count() == 1
    assert run("cadres", "list", "--unit", "BTC", "--on", "30/06/2018").split() == [
        who.code,
        "Lò",
        "Thị",
        "Hoa",
        "Công",
        "chức",
        "Phó",
        "Trưởng",
        "ban",
        "của",
        "Tỉnh",
        "ủy",
    ]
    staff = run("cadres", "staff", "--unit", "BTC", "--on", "30/06/2018")
    assert "Đội ngũ ngày 30/06/2018: 1 người" in staff
    assert "0 cao cấp, cử nhân; 0 trung cấp; 0 sơ cấp; 1 đang học cao cấp, cử nhân" in staff
    with pytest.raises(CommandError) as refused:
        run("cadres", "hire", who.code, "--unit", "BTC", "--on", "01/01/2019", "--category", "civil_servant")
    assert str(refused.value).startswith(
        f"Bị từ chối: Lò Thị Hoa ({who.code}) đang công tác tại BTC từ ngày 02/01/2012"
    )


def test_the_cadre_role_given_and_taken_back_from_the_command_line() -> None:
    from django.contrib.auth.models import User

    from partyorg.cadres.models import CadreGrant

    testing.build_tree()
    User.objects.create_user("tccb", password="x")
    assert "Đã cấp quyền công tác cán bộ (view) cho tccb tại T.H" in run(
        "cadres", "grant", "tccb", "--org", "T.H", "--role", "view", "--by", "vanhanh"
    )
    assert CadreGrant.objects.get().granted_by == "vanhanh"
    assert "Đã thu hồi 1 quyền công tác cán bộ" in run("cadres", "revoke", "tccb", "--org", "T.H")
    assert CadreGrant.objects.get().revoked_at is not None
    with pytest.raises(CommandError, match="Bị từ chối: Không có người dùng ai"):
        run("cadres", "grant", "ai", "--org", "T.H")

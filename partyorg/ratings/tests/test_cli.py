"""``partyorg rating`` and ``partyorg discipline`` through ``call_command``."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partyorg import testing
from partyorg.discipline.models import DisciplinaryMeasure
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.ratings.models import MemberRating

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_cycle_rate_list_summary_and_discipline() -> None:
    """A grassroots cell of 3 reviewed on 18/12/2025 under QĐ 366 (RULES.md §3.2): scores required."""
    tree = testing.build_tree()
    people = [testing.person(f"Người {i}") for i in range(3)]
    for p in people:
        testing.admit(p, tree.school, date(2010, 3, 1))
    assert "Đã mở đợt kiểm điểm" in run(
        "rating", "cycle", "--org", "T.H.S", "--year", "2025", "--on", "18/12/2025"
    )
    with pytest.raises(CommandError, match="phải ghi điểm"):
        run("rating", "rate", "--org", "T.H.S", "--year", "2025", "--member", f"{people[0].code}=tot")
    out = run(
        "rating",
        "rate",
        "--org",
        "T.H.S",
        "--year",
        "2025",
        "--member",
        f"{people[0].code}=tot:85",
        "--member",
        f"{people[1].code}=good:72,5",
        "--member",
        f"{people[2].code}=kht:40",
        "--org-level",
        "ht:65",
    )
    assert "Đã xếp loại 3 đảng viên" in out
    assert MemberRating.objects.count() == 3
    listing = run("rating", "list", "--org", "T.H.S", "--year", "2025")
    assert "Hoàn thành tốt nhiệm vụ (72,50 điểm)" in listing
    assert "Tổ chức: Hoàn thành nhiệm vụ" in listing
    summary = run("rating", "summary", "--org", "T", "--year", "2025")
    assert (
        "66,67% đảng viên hoàn thành tốt nhiệm vụ trở lên, trong đó có 0,00% hoàn thành xuất sắc" in summary
    )
    assert "(trên 3 đảng viên được xếp loại)." in summary

    out = run(
        "discipline", "add", "--person", people[2].code, "--sanction", "expulsion", "--on", "05/01/2026",
        "--body", "Ban Thường vụ Huyện ủy", "--basis-number", "15-QĐ/HU",
    )  # fmt: skip
    assert "Đã ghi sự kiện khai trừ" in out
    assert MembershipEvent.objects.filter(person=people[2], kind=EventKind.EXPELLED).count() == 1
    assert DisciplinaryMeasure.objects.count() == 1
    assert "Khai trừ" in run("discipline", "list", "--org", "T", "--year", "2026")
    with pytest.raises(CommandError, match="không phải là đảng viên"):
        run("discipline", "add", "--person", people[2].code, "--sanction", "warning", "--on", "06/01/2026")

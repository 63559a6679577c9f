"""``partyorg dues …`` through ``call_command``: the amounts are those of RULES.md §4.1 (QĐ 01-QĐ/TW)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partyorg import testing
from partyorg.dues.models import DuesPayment
from partyorg.rules import dues_config

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _wages() -> Iterator[None]:
    dues_config.configure(
        regional_minimum_wage=((date(2026, 1, 1), (5_310_000, 4_730_000, 4_140_000, 3_700_000)),)
    )
    yield
    dues_config.reset()


def run(*args: str) -> str:
    out = StringIO()
    call_command("dues", *args, "--by", "chibo.nat", stdout=out)
    return out.getvalue()


def test_basis_pay_due_arrears_relief() -> None:
    """A farmer in region III: 2.000 đ in 01/2026 (QĐ 342, [P] default); 0,3% × 4.140.000 = 12.420 đ a
    month from 02/2026 (QĐ 01 [V]). Paid for 02/2026 only; as of 10/05/2026, 03 and 04/2026 are owed
    (24.840 đ). A 50% hardship reduction decided by the commune committee for 05–10/2026: 6.210 đ."""
    tree = testing.build_tree()
    farmer = testing.person("Lò Văn Pọm")
    testing.admit(farmer, tree.cell_a, date(2010, 3, 1))
    listed = run("basis", farmer.code, "--from", "01/2025", "--category", "farmer", "--region", "3")
    assert "01/2025  Nông dân  Vùng III" in listed
    assert "12.420 đ" in run(
        "pay",
        farmer.code,
        "--month",
        "02/2026",
        "--amount",
        "12420",
        "--org",
        "T.H.X.1",
        "--paid-on",
        "05/02/2026",
        "--receipt",
        "BL-0007",
    )
    assert DuesPayment.objects.get(person=farmer).receipt_number == "BL-0007"
    due = run("due", farmer.code, "--from", "01/2026", "--to", "02/2026", "--as-of", "10/05/2026")
    assert "Tháng 01/2026 — Quyết định 342-QĐ/TW" in due and "Phải đóng: 2.000 đ" in due  # [P] default
    assert "Đã nộp: 12.420 đ; còn thiếu: 0 đ" in due
    assert "0,3% × 4.140.000 đ" in due and "Phải đóng: 12.420 đ" in due
    owed = run("arrears", "--org", "T.H.X", "--from", "02/2026", "--to", "04/2026", "--as-of", "10/05/2026")
    assert "1 đảng viên, 24.840 đ" in owed
    assert "(03/2026, 04/2026)" in owed
    run(
        "relief", farmer.code, "--ground", "hardship", "--percent", "50", "--from", "05/2026", "--to",
        "10/2026", "--decided-by", "T.H.X", "--basis-number", "07-QĐ/ĐU", "--basis-date", "28/04/2026",
    )  # fmt: skip
    assert "Phải đóng: 6.210 đ" in run("due", farmer.code, "--month", "05/2026")


def test_refusals_are_vietnamese() -> None:
    tree = testing.build_tree()
    farmer = testing.person("Lò Văn Pọm")
    testing.admit(farmer, tree.cell_a, date(2010, 3, 1))
    with pytest.raises(CommandError, match="cần ghi vùng"):
        run("basis", farmer.code, "--from", "03/2026", "--category", "farmer")
    with pytest.raises(CommandError, match="Thiếu --month"):
        run("pay", farmer.code, "--amount", "5000", "--org", "T.H.X.1")
    with pytest.raises(CommandError, match="Bị từ chối"):
        run(
            "relief", farmer.code, "--ground", "hardship", "--percent", "40", "--from", "05/2026", "--to",
            "06/2026", "--decided-by", "T.H.X", "--basis-number", "07-QĐ/ĐU",
        )  # fmt: skip

"""An exit's ground in an interchange file (issue 15): the free text of a removal never crashes a
load, and the re-admission rule reads only coded grounds (RULES.md §2.12)."""

from datetime import date

import pytest
from django.db import transaction

from partyorg import testing
from partyorg.core.interchange import Location
from partyorg.exchange.dump import dump
from partyorg.exchange.load import load
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent
from partyorg.members.services import Override

pytestmark = pytest.mark.django_db

FREE_TEXT = "Tự ý bỏ sinh hoạt từ tháng 3, chi bộ đã gặp 3 lần"


class Discard(Exception):
    pass


def exported(build):
    """The records ``build`` leaves, captured in a transaction that is then rolled back."""
    try:
        with transaction.atomic():
            build(testing.build_tree())
            records = list(dump())
            raise Discard
    except Discard:
        pass
    assert not MembershipEvent.objects.exists()
    return [(Location("Sự kiện", i + 2), r) for i, r in enumerate(records)]


def test_a_removal_with_free_text_followed_by_a_readmission_loads_with_findings():
    """The issue's file: a removal whose "Chi tiết" is free text, re-admitted 24 months later. The
    free text is no ground (the removal's default, "other", applies), so the load lists the waiting
    time of RULES.md §2.12 (36 months, QĐ 24 §3.5.1, signed 30/07/2021: the dates follow it, history
    is not judged by a later text) as a finding instead of failing."""

    def build(tree):
        lan = testing.person("Hà Thị Lan", sex="female")
        testing.admit(lan, tree.cell_a, date(2010, 3, 1))
        testing.record(lan, K.REMOVED, date(2022, 4, 4), detail=FREE_TEXT)
        testing.record(
            lan,
            K.READMISSION_DECIDED,
            date(2024, 4, 2),  # 24 months later: the 36 months end on 04/04/2025
            organization=tree.cell_a,
            override=Override("readmission.waiting", "Cấp ủy cấp trên đồng ý"),
        )

    report = load(exported(build))
    about_lan = [f for f in report.findings if "Hà Thị Lan" in f]
    assert len(about_lan) == 1, report.findings
    assert "36 tháng" in about_lan[0] and "04/04/2025" in about_lan[0] and "24-QĐ/TW" in about_lan[0]
    assert MembershipEvent.objects.get(kind=K.REMOVED).detail == FREE_TEXT


def test_a_withdrawal_with_free_text_counts_as_a_withdrawal():
    """An exit without a coded ground takes its kind's: a withdrawal (xin ra khỏi Đảng) is the second
    excluded ground of RULES.md §2.12 (QĐ 24 §3.5.2), whatever its free text says."""

    def build(tree):
        ba = testing.person("Lường Văn Ba")
        testing.admit(ba, tree.cell_b, date(2001, 3, 1))
        testing.record(ba, K.WITHDRAWN, date(2021, 8, 2), detail="Hoàn cảnh gia đình")
        testing.record(
            ba,
            K.READMISSION_DECIDED,
            date(2024, 9, 3),  # past the 36 months
            organization=tree.cell_b,
            override=Override("readmission.excluded_grounds", "Ghi theo hồ sơ cũ"),
        )

    report = load(exported(build))
    about_ba = [f for f in report.findings if "Lường Văn Ba" in f]
    assert len(about_ba) == 1, report.findings
    assert "làm đơn xin ra khỏi Đảng" in about_ba[0] and "24-QĐ/TW" in about_ba[0]

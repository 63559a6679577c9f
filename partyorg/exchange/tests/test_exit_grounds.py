"""An exit's ground in an interchange file (issue 15): the free text of a removal never crashes a
load, and the re-admission rule reads only coded grounds (RULES.md §2.12)."""

import dataclasses
from datetime import date

import pytest
from django.db import transaction

from partyorg import testing
from partyorg.core.interchange import Location
from partyorg.core.records import LegalBasis
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import read_file, write_file
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.members.interchange import EventRecord
from partyorg.members.models import EventKind as K
from partyorg.members.models import ExitGround, MembershipEvent
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


# -- the coded column ---------------------------------------------------------------------------


def _expelled_for_corruption(tree):
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    testing.record(ban, K.EXPELLED, date(2021, 9, 1), exit_ground="corruption_conviction", detail="Án 2021")


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_the_ground_travels_through_both_files(tmp_path, suffix):
    rows = exported(_expelled_for_corruption)
    path = tmp_path / f"tinh{suffix}"
    write_file([r for _, r in rows], path)
    load(read_file(path))
    expelled = MembershipEvent.objects.get(kind=K.EXPELLED)
    assert (expelled.exit_ground, expelled.detail) == ("corruption_conviction", "Án 2021")
    assert list(dump()) == [r for _, r in rows]


def _with_ground(rows, kind, ground):
    """The rows with the ground of the event of ``kind`` replaced, and that event's row."""
    target = next(r for _, r in rows if isinstance(r, EventRecord) and r.kind == kind)
    changed = dataclasses.replace(target, exit_ground=ground)
    return [r if r is not target else changed for _, r in rows], rows[[r for _, r in rows].index(target)][
        0
    ].row


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_a_ground_not_in_the_list_is_refused_naming_the_line_and_column(tmp_path, suffix):
    """The column is a list: a free text in it is refused by the format where it stands (the line of
    the JSON Lines file, the row of the sheet “Sự kiện”), and the file changes nothing."""
    records, _ = _with_ground(exported(_expelled_for_corruption), K.EXPELLED, "Tham ô")
    path = tmp_path / f"tinh{suffix}"
    write_file(records, path)
    with pytest.raises(ExchangeError) as refused:
        load(read_file(path))
    if suffix == ".jsonl":  # line 1 is the header
        where = f"tinh.jsonl, dòng {next(i for i, r in enumerate(records) if is_expulsion(r)) + 2}"
    else:  # row 1 holds the column names
        events = [r for r in records if isinstance(r, EventRecord)]
        where = f"Sự kiện, dòng {next(i for i, r in enumerate(events) if is_expulsion(r)) + 2}"
    allowed = ", ".join(str(label) for label in ExitGround.labels)
    assert [str(p) for p in refused.value.problems] == [
        f"{where}, cột “Lý do ra khỏi Đảng”: Giá trị không hợp lệ: Tham ô (cho phép: {allowed})"
    ]
    assert allowed.startswith("Tự bỏ sinh hoạt đảng, Làm đơn xin ra khỏi Đảng, ")
    assert not MembershipEvent.objects.exists()


def is_expulsion(record):
    return isinstance(record, EventRecord) and record.kind == K.EXPELLED


def test_a_ground_on_an_event_that_is_no_exit_is_refused_naming_the_row():
    def build(tree):
        ban = testing.person("Lò Văn Ban")
        testing.admit(ban, tree.cell_a, date(2001, 3, 1))

    rows = exported(build)
    records, row = _with_ground(rows, K.ADMISSION_CEREMONY, "other")
    with pytest.raises(ExchangeError) as refused:
        load([(loc, r) for (loc, _), r in zip(rows, records, strict=True)])
    person = next(r for r in records if isinstance(r, EventRecord)).person
    assert [str(p) for p in refused.value.problems] == [
        f"Sự kiện, dòng {row}, cột “Lý do ra khỏi Đảng”: Lý do ra khỏi Đảng chỉ ghi cho xóa tên, khai trừ, "
        f"ra khỏi Đảng (người {person})"
    ]
    assert not MembershipEvent.objects.exists()


def test_a_readmission_after_an_expulsion_for_corruption_loads_as_a_finding():
    """RULES.md §2.12 [V] (QĐ 232-QĐ/TW §3.5.2, from 20/01/2025): one who left for a corruption
    conviction is never re-admitted. Recorded history that did so loads, and the import lists it."""

    def build(tree):
        _expelled_for_corruption(tree)
        ban = MembershipEvent.objects.get(kind=K.EXPELLED).person
        testing.record(
            ban,
            K.READMISSION_DECIDED,
            date(2025, 10, 1),
            organization=tree.cell_a,
            override=Override("readmission.excluded_grounds_232", "Ghi theo hồ sơ cũ"),
        )

    report = load(exported(build))
    about_ban = [f for f in report.findings if "Lò Văn Ban" in f]
    assert len(about_ban) == 1, report.findings
    assert "bị kết án vì tội tham nhũng" in about_ban[0] and "232-QĐ/TW" in about_ban[0]


# -- a re-admission's second legal basis ----------------------------------------------------------


def _readmitted_with_consent(tree):
    ban = testing.person("Lò Văn Ban")
    testing.admit(ban, tree.cell_a, date(2001, 3, 1))
    testing.record(ban, K.REMOVED, date(2021, 3, 1))
    testing.record(
        ban,
        K.READMISSION_DECIDED,
        date(2024, 9, 2),
        organization=tree.cell_a,
        consent=LegalBasis("112-CV/TU", date(2024, 8, 20), "Ban Thường vụ Tỉnh ủy"),
    )


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_the_consent_travels_through_both_files(tmp_path, suffix):
    rows = exported(_readmitted_with_consent)
    path = tmp_path / f"tinh{suffix}"
    write_file([r for _, r in rows], path)
    load(read_file(path))
    event = MembershipEvent.objects.get(kind=K.READMISSION_DECIDED)
    assert (event.consent_number, event.consent_date, event.consent_issuer) == (
        "112-CV/TU",
        date(2024, 8, 20),
        "Ban Thường vụ Tỉnh ủy",
    )
    assert list(dump()) == [r for _, r in rows]


def test_a_consent_on_an_event_that_is_no_readmission_is_refused_naming_the_row():
    rows = exported(_readmitted_with_consent)
    target = next(r for _, r in rows if isinstance(r, EventRecord) and r.kind == K.REMOVED)
    row = next(location.row for location, r in rows if r is target)
    changed = dataclasses.replace(target, consent_number="112-CV/TU")
    with pytest.raises(ExchangeError) as refused:
        load([(location, changed if r is target else r) for location, r in rows])
    assert [str(p) for p in refused.value.problems] == [
        f"Sự kiện, dòng {row}, cột “Số văn bản đồng ý”: Văn bản đồng ý của cấp trên chỉ ghi cho quyết định "
        f"kết nạp lại (người {target.person})"
    ]
    assert not MembershipEvent.objects.exists()

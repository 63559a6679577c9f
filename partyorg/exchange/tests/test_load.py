"""Loading interchange records: round trip, all-or-nothing, idempotent, findings (cast: partyorg.testing)."""

import csv
import dataclasses
from datetime import date

import pytest
from django.db import transaction

from partyorg import testing
from partyorg.core.interchange import Location
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import read_file, write_file
from partyorg.exchange.load import load
from partyorg.exchange.records import RECORD_TYPES, ExchangeError
from partyorg.members import services
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent, MembershipInterval, Person
from partyorg.members.services import Override
from partyorg.organizations.models import OrgVersion

pytestmark = pytest.mark.django_db


class Discard(Exception):
    pass


def build_cast():
    """A tree and three lives: transfers, a temporary placement, a removal and re-admission, an
    overridden late ceremony, a correction and a void."""
    tree = testing.build_tree()
    a = testing.person("Lò Văn Pọm")
    b = testing.person("Quàng Thị Xuân", sex="female")
    c = testing.person("Nguyễn Đức Hường", birth_date=date(1970, 1, 1))
    testing.admit(a, tree.cell_a, date(2010, 3, 1))
    testing.admit(b, tree.cell_b, date(2011, 5, 2))
    testing.record(a, K.TRANSFER_OUT, date(2014, 2, 3), other_organization=tree.school)
    testing.record(a, K.TRANSFER_IN, date(2014, 2, 20), organization=tree.school)
    testing.record(b, K.TEMPORARY_TRANSFER, date(2015, 1, 5), other_organization=tree.cell_a)
    testing.record(b, K.TEMPORARY_RETURN, date(2015, 9, 5))
    testing.admit(c, tree.cell_a, date(2001, 3, 1))
    testing.record(c, K.REMOVED, date(2006, 1, 9), detail="other")
    testing.record(c, K.READMISSION_DECIDED, date(2010, 1, 4), organization=tree.cell_b)
    testing.record(
        c,
        K.ADMISSION_CEREMONY,
        date(2010, 6, 1),
        override=Override("admission.ceremony_deadline", "Cấp trên đồng ý"),
    )
    wrong = testing.record(b, K.EXEMPTED, date(2020, 1, 5))
    services.correct_event.within(
        wrong,
        effective_on=date(2021, 1, 5),
        recorded_by="bantochuc.tinh",
        legal_basis=testing.BASIS,
        note="Sai năm",
    )
    oops = testing.record(a, K.SUSPENDED, date(2022, 1, 5))
    services.void_event.within(
        oops, recorded_by="bantochuc.tinh", legal_basis=testing.BASIS, note="Nhầm người"
    )
    return tree


def derived():
    """Derived rows in terms of codes, so two databases can be compared."""
    return sorted(
        MembershipInterval.objects.values_list(
            "person__code",
            "organization__code",
            "valid_from",
            "valid_until",
            "status",
            "in_transit",
            "is_exempt",
            "is_suspended",
        )
    ), sorted(OrgVersion.objects.values_list("organization__code", "valid_from", "valid_until", "name"))


@pytest.fixture
def exported():
    """The cast's records and derived rows, captured in a transaction that is then rolled back,
    so the test starts again from an empty database."""
    try:
        with transaction.atomic():
            build_cast()
            records, rows = list(dump()), derived()
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()
    return records, rows


def located(records):
    return [(Location("Sự kiện", i + 2), r) for i, r in enumerate(records)]


def test_a_dump_loads_back_with_nothing_lost(exported):
    records, rows = exported
    report = load(located(records))
    assert report.created["event"] == sum(isinstance(r, EventRecord) for r in records)
    assert list(dump()) == records
    assert derived() == rows


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_the_round_trip_goes_through_both_files(exported, tmp_path, suffix):
    records, rows = exported
    path = tmp_path / f"tinh{suffix}"
    write_file(records, path)
    load(read_file(path))
    assert list(dump()) == records
    assert derived() == rows
    again = tmp_path / f"lai{suffix}"
    write_file(dump(), again)
    assert [r for _, r in read_file(again)] == [r for _, r in read_file(path)]


def test_loading_the_same_file_twice_changes_nothing(exported):
    records, _ = exported
    load(located(records))
    before = (MembershipEvent.objects.count(), derived())
    second = load(located(records))
    assert sum(second.created.values()) == 0
    assert second.unchanged["event"] == MembershipEvent.objects.count()
    assert (MembershipEvent.objects.count(), derived()) == before


def test_a_known_key_with_other_content_is_refused(exported):
    records, _ = exported
    load(located(records))
    person = next(r for r in records if isinstance(r, PersonRecord))
    changed = dataclasses.replace(person, full_name="Lò Văn Pọm Sửa")
    with pytest.raises(ExchangeError, match="nội dung khác"):
        load([(Location("Người", 2), changed)])
    assert Person.objects.get(code=person.code).full_name == person.full_name


def test_an_unknown_reference_changes_nothing_and_names_the_row(exported):
    records, _ = exported
    events = [r for r in records if isinstance(r, EventRecord)]
    bad = dataclasses.replace(events[3], organization="KHÔNG.CÓ")
    rows = located([bad if r is events[3] else r for r in records])
    with pytest.raises(ExchangeError) as refused:
        load(rows)
    row = next(loc.row for loc, r in rows if r is bad)
    assert str(refused.value.problems[0]) == (
        f"Sự kiện, dòng {row}, cột “Tổ chức”: Không tìm thấy tổ chức đảng có mã “KHÔNG.CÓ”"
    )
    assert not Person.objects.exists() and not MembershipEvent.objects.exists()


def test_a_history_that_contradicts_itself_changes_nothing(exported):
    records, _ = exported
    ceremony = next(r for r in records if isinstance(r, EventRecord) and r.kind == K.ADMISSION_CEREMONY)
    early = dataclasses.replace(ceremony, effective_on=date(2000, 1, 3))  # before its decision
    rows = located([early if r is ceremony else r for r in records])
    with pytest.raises(ExchangeError) as refused:
        load(rows)
    row = next(loc.row for loc, r in rows if r is early)
    assert str(refused.value.problems[0]).startswith(f"Sự kiện, dòng {row}: Quá trình của Lò Văn Pọm")
    assert "Lễ kết nạp phải sau quyết định kết nạp" in str(refused.value.problems[0])
    assert not MembershipEvent.objects.exists()


def test_an_event_at_an_organization_that_did_not_exist_that_day_changes_nothing(exported):
    records, _ = exported
    decision = next(r for r in records if isinstance(r, EventRecord) and r.kind == K.ADMISSION_DECIDED)
    rows = located(
        [
            dataclasses.replace(decision, effective_on=date(1999, 2, 1)) if r is decision else r
            for r in records
        ]
    )
    with pytest.raises(ExchangeError, match="không tồn tại vào ngày 01/02/1999"):
        load(rows)
    assert not MembershipEvent.objects.exists()


def test_recorded_history_that_breaks_a_rule_loads_as_a_finding(tmp_path):
    """RULES.md §2.2 step 8 [V] (QĐ 232 §4.1, 20/01/2025): a ceremony 3 months after the decision is
    late. As recorded history it is a fact: it loads and is listed as a data-quality finding. A late
    ceremony of 2010 is not judged by a text of 2025 (RULES.md cites no earlier source for it)."""
    try:
        with transaction.atomic():
            tree = testing.build_tree()
            lan = testing.person("Hà Thị Lan", sex="female")
            testing.record(lan, K.ADMISSION_DECIDED, date(2025, 3, 3), organization=tree.cell_a)
            testing.record(
                lan,
                K.ADMISSION_CEREMONY,
                date(2025, 6, 2),
                override=Override("admission.ceremony_deadline", "Cấp trên đồng ý"),
            )
            on = testing.person("Vì Văn Ón")
            testing.record(on, K.ADMISSION_DECIDED, date(2010, 3, 1), organization=tree.cell_b)
            testing.record(on, K.ADMISSION_CEREMONY, date(2010, 6, 1))
            records = list(dump())
            raise Discard
    except Discard:
        pass
    every = tmp_path / "phat-hien.csv"
    report = load(located(records), findings_to=every)
    about_lan = [f for f in report.findings if "Hà Thị Lan" in f]
    assert len(about_lan) == 1 and "30 ngày làm việc" in about_lan[0] and "232-QĐ/TW" in about_lan[0]
    assert not any("Vì Văn Ón" in f for f in report.findings)
    # A cell with fewer than 3 official members at a year end: RULES.md §1.2 [V], Charter Art. 21(2).
    assert any(
        f.startswith("Chi bộ bản Na Ten, ngày 31/12/2025") and "3 đảng viên chính thức" in f
        for f in report.findings
    )
    assert MembershipEvent.objects.count() == 4
    # Every finding, one a row, in the file asked for (Excel reads UTF-8 with its mark).
    with every.open(encoding="utf-8-sig", newline="") as kept:
        rows = list(csv.reader(kept))
    assert rows[0] == ["Mã quy định", "Quy định", "Mã tổ chức", "Tổ chức", "Ngày", "Phát hiện"]
    assert len(rows) == 1 + report.finding_count
    assert sorted(r[5] for r in rows[1:]) == sorted(report.findings)
    ceremony = next(r for r in rows[1:] if "Hà Thị Lan" in r[5])
    assert ceremony[:5] == [
        "admission.ceremony_deadline",
        ceremony[1],
        "T.H.X.1",
        "Chi bộ bản Na Ten",
        "02/06/2025",
    ]


def test_a_refused_load_leaves_no_findings_file(exported, tmp_path):
    records, _ = exported
    every = tmp_path / "phat-hien.csv"
    bad = [dataclasses.replace(r, person="KHÔNG-CÓ") if isinstance(r, EventRecord) else r for r in records]
    with pytest.raises(ExchangeError):
        load(located(bad), findings_to=every)
    assert not every.exists()


@pytest.mark.parametrize("batch", [5000, 2], ids=["same batch", "across batches"])
def test_an_event_uid_given_twice_changes_nothing(exported, monkeypatch, batch):
    from partyorg.exchange import load as load_module

    monkeypatch.setattr(load_module, "BATCH", batch)
    records, _ = exported
    events = [r for r in records if isinstance(r, EventRecord)]
    twice = dataclasses.replace(events[-1], uid=events[0].uid)
    with pytest.raises(ExchangeError, match=r"trùng nhau|xuất hiện hai lần"):
        load(located([twice if r is events[-1] else r for r in records]))
    assert not MembershipEvent.objects.exists()


def test_a_unit_left_under_a_parent_that_ended_changes_nothing(exported):
    """The district ends on 01/07/2025 but the file leaves its school cell under it: the cell's
    members would drop out of every figure, so the file is refused."""
    from partyorg.organizations.interchange import OrganizationRecord, OrgChangeItemRecord, OrgChangeRecord

    records, _ = exported
    change = OrgChangeRecord(
        uid="3f2a1c9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b",
        kind="restructured",
        effective_on=date(2025, 7, 1),
        recorded_at=records_time(records),
        recorded_by="bantochuc.tinh",
    )
    end_district = OrgChangeItemRecord(change=change.uid, organization="T.H", ends=True)
    at = max(i for i, r in enumerate(records) if isinstance(r, (OrganizationRecord, OrgChangeItemRecord)))
    bad = [*records[: at + 1], change, end_district, *records[at + 1 :]]
    # and, among the people, an event of somebody the file does not know: both problems in one pass
    stray = next(r for r in records if isinstance(r, EventRecord))
    bad.append(dataclasses.replace(stray, uid="5e0c2f7a-1b3d-4c5e-8f9a-0b1c2d3e4f5a", person="KHÔNG-CÓ"))
    bad.sort(key=lambda r: RECORD_TYPES.index(type(r)))
    with pytest.raises(ExchangeError) as refused:
        load(located(bad))
    problems = [str(p) for p in refused.value.problems]
    placed = next(
        i for i, r in enumerate(bad) if isinstance(r, OrgChangeItemRecord) and r.organization == "T.H.S"
    )
    assert any(
        f"dòng {placed + 2}" in p
        and "Tổ chức T.H.S “Chi bộ Trường THCS Mường Khoa” có cấp trên trực tiếp T.H không tồn tại suốt" in p
        for p in problems
    ), problems
    assert any("KHÔNG-CÓ" in p for p in problems), problems
    assert not MembershipEvent.objects.exists()


def test_adding_an_item_to_a_change_already_recorded_is_refused(exported):
    from partyorg.organizations.interchange import OrgChangeItemRecord, OrgChangeRecord

    records, _ = exported
    load(located(records))
    founding = next(r for r in records if isinstance(r, OrgChangeRecord))
    extra = OrgChangeItemRecord(change=founding.uid, organization="T.H.S", ends=True)
    with pytest.raises(ExchangeError, match="Không được thêm chi tiết"):
        load(located([founding, extra]))


def records_time(records):
    return next(r.recorded_at for r in records if isinstance(r, EventRecord))

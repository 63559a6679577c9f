"""The interchange files: round trips, the template, and every malformed input named exactly."""

from __future__ import annotations

import json
import os
import typing
import unicodedata
from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import django
import openpyxl
import pytest

from partyorg.committees.interchange import CongressRecord
from partyorg.committees.interchange import SeatRecord as YearPositionRecord
from partyorg.core.interchange import Location
from partyorg.discipline.interchange import CommendationRecord, MeasureRecord
from partyorg.dues.interchange import DuesBasisRecord, DuesPaymentRecord, DuesReliefRecord
from partyorg.exchange import formats
from partyorg.exchange.formats import (
    NOT_PARTYORG,
    SHEETS,
    VN_TZ,
    column_header,
    read_file,
    read_jsonl,
    read_workbook,
    write_file,
    write_jsonl,
    write_template,
    write_workbook,
)
from partyorg.exchange.records import RECORD_TYPES, ExchangeError, Problem
from partyorg.meetings.interchange import (
    AbsenceRecord,
    MeetingRecord,
    ResidenceCommentRecord,
    ResidenceTieRecord,
)
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.organizations.interchange import (
    LocalityParentRecord,
    LocalityRecord,
    OrganizationRecord,
    OrgChangeItemRecord,
    OrgChangeRecord,
)
from partyorg.ratings.interchange import MemberRatingRecord, OrganizationRatingRecord, ReviewCycleRecord
from partyorg.recruitment.interchange import CandidateRecord, CandidateStepRecord, SourcePlanRecord
from partyorg.reports.interchange import EnteredFigureRecord


@pytest.fixture(autouse=True, scope="module")
def _django() -> None:
    """The enum labels live in the models; no database is touched."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyorg.settings")
    django.setup()


AT = datetime(2024, 5, 1, 8, 30, 15, tzinfo=VN_TZ)
UID1 = "0b7f6a52-3c1e-4f7e-9a51-2d7a1c9e0001"
UID2 = "0b7f6a52-3c1e-4f7e-9a51-2d7a1c9e0002"
FIG1 = "0b7f6a52-3c1e-4f7e-9a51-2d7a1c9ef001"
FIG2 = "0b7f6a52-3c1e-4f7e-9a51-2d7a1c9ef002"
EV1 = "5d1c2b3a-0000-4000-8000-000000000001"
EV2 = "5d1c2b3a-0000-4000-8000-000000000002"
EV3 = "5d1c2b3a-0000-4000-8000-000000000003"
EVENT_HEADERS = ["Mã", "Người", "Loại sự kiện", "Ngày hiệu lực", "Thời điểm ghi", "Người ghi"]


def sample_records():
    return [
        LocalityRecord("01", "Thành phố Hà Nội", "province", date(2008, 8, 1), None, False),
        LocalityRecord("00004", "Phường Ba Đình", "commune", None, date(2025, 7, 1), True),
        LocalityParentRecord("00004", "01", date(2025, 7, 1), None),
        LocalityParentRecord("00004", "02", None, date(2025, 7, 1)),
        OrganizationRecord("DB-HN"),
        OrganizationRecord("CB-01"),
        OrgChangeRecord(
            UID1,
            "founded",
            date(2020, 1, 15),
            AT,
            "Nguyễn Văn Ánh",
            basis_number="123-QĐ/TU",
            basis_date=date(2020, 1, 10),
            basis_issuer="Thành ủy Hà Nội",
            note="Thành lập theo đề án; “ngoặc kép”",
        ),
        OrgChangeRecord(
            UID2,
            "voided",
            date(2020, 1, 15),
            datetime(2024, 6, 2, 1, 2, 3, 456000, tzinfo=UTC),
            "admin",
            corrects=UID1,
        ),
        OrgChangeItemRecord(UID1, "DB-HN", name="Đảng bộ Thành phố Hà Nội", kind="province", locality="01"),
        OrgChangeItemRecord(
            UID1,
            "CB-01",
            ends=False,
            name="Chi bộ Khu dân cư số 1",
            kind="grassroots_cell",
            parent="DB-HN",
            sector="ward",
            is_combined=True,
            locality="00004",
        ),
        OrgChangeItemRecord(UID2, "CB-01", ends=True, successor="DB-HN"),
        PersonRecord(
            "HS-0001",
            "Đặng Thị Ngọc Dương",
            "female",
            date(1990, 2, 28),
            ethnicity="Tày",
            religion="Phật giáo",
            general_education="upper_secondary",
            professional_level="Thạc sĩ",
            academic_title="",
            political_theory="Trung cấp",
            occupation="Giáo viên",
            identity_number="001190012345",
            dossier_number="LL-77",
            card_number="012345678",
            is_youth_union_member=True,
            is_private_business_owner=False,
            home_locality="00004",
        ),
        PersonRecord("HS-0002", "Lê Văn Đức", "male", date(1950, 12, 31)),
        EventRecord(
            EV1,
            "HS-0001",
            "admission_decided",
            date(2015, 3, 2),
            AT,
            "Nguyễn Văn Ánh",
            organization="CB-01",
            basis_number="45-QĐ/ĐU",
            basis_date=date(2015, 3, 1),
            basis_issuer="Đảng ủy phường",
        ),
        EventRecord(
            EV2,
            "HS-0001",
            "admission_ceremony",
            date(2015, 3, 20),
            AT,
            "Nguyễn Văn Ánh",
            organization="CB-01",
            detail="Lễ tại hội trường",
            note="=1+1 không phải công thức",
            override_rule="admission.ceremony_deadline",
            override_reason="Ốm đột xuất",
        ),
        EventRecord(
            EV3,
            "HS-0002",
            "transfer_in",
            date(2016, 1, 4),
            AT,
            "Trần Bình",
            organization="CB-01",
            other_organization="DB-HN",
            external_place="Tỉnh ủy Hà Giang",
            corrects="",
            org_change=UID1,
        ),
        EnteredFigureRecord(
            uid=FIG1,
            organization="DB-HN",
            kind="target",
            indicator="admissions",
            value=2000,
            first_day=date(2017, 1, 1),
            last_day=date(2017, 12, 31),
            recorded_at=AT,
            recorded_by="Nguyễn Văn Ánh",
            source="Kế hoạch năm 2017",
            basis_number="12-KH/TU",
            basis_date=date(2017, 1, 5),
            basis_issuer="Thành ủy Hà Nội",
        ),
        EnteredFigureRecord(
            uid=FIG2,
            organization="DB-HN",
            kind="target",
            indicator="admissions",
            value=1800,
            first_day=date(2017, 1, 1),
            last_day=date(2017, 12, 31),
            recorded_at=AT,
            recorded_by="admin",
            corrects=FIG1,
            withdrawn=True,
            note="Sai số kế hoạch",
        ),
        *yearly_work_samples(),
    ]


def yearly_work_samples():
    """One record of each kind of the yearly work with every field filled."""
    basis = {"basis_number": "05-QĐ/HU", "basis_date": date(2017, 5, 2), "basis_issuer": "BTV Huyện ủy"}
    override = {"override_rule": "admission.ceremony_deadline", "override_reason": "Cấp trên đồng ý"}
    return [
        CandidateRecord(
            uid=UID1,
            person="HS-0001",
            organization="CB-01",
            introduced_by="youth_union",
            introduced_on=date(2016, 1, 4),
            recorded_at=AT,
            recorded_by="admin",
            introducing_body="Chi đoàn bản Na Ten",
            note="Ưu tú",
        ),
        CandidateStepRecord(
            uid=UID2,
            candidate=UID1,
            kind="cell_resolved",
            effective_on=date(2017, 1, 9),
            recorded_at=AT,
            recorded_by="admin",
            organization="CB-01",
            person="HS-0002",
            detail="member",
            since=date(2012, 1, 1),
            received_on=date(2017, 1, 10),
            extended=True,
            votes_for=3,
            votes_against=0,
            votes_total=3,
            membership_event=EV1,
            corrects=UID1,
            note="Nhất trí",
            **basis,
            **override,
        ),
        SourcePlanRecord(
            uid=FIG1,
            organization="CB-01",
            year=2025,
            planned=3,
            recorded_at=AT,
            recorded_by="admin",
            corrects=FIG2,
            withdrawn=True,
            note="Bổ sung",
            **basis,
        ),
        CongressRecord(
            uid=EV1,
            organization="CB-01",
            kind="regular",
            held_on=date(2017, 5, 12),
            term_first_year=2017,
            term_last_year=2020,
            recorded_at=AT,
            recorded_by="admin",
            official_members=12,
            corrects=EV2,
            withdrawn=True,
            note="Đại hội",
            **basis,
            **override,
        ),
        YearPositionRecord(
            uid=EV2,
            kind="started",
            person="HS-0001",
            organization="CB-01",
            position="secretary",
            effective_on=date(2017, 5, 12),
            recorded_at=AT,
            recorded_by="admin",
            method="elected",
            congress=EV1,
            ends=EV3,
            corrects=EV3,
            withdrawn=True,
            note="Bí thư",
            **basis,
            **override,
        ),
        MeetingRecord(
            uid=EV3,
            organization="CB-01",
            kind="thematic",
            held_on=date(2024, 3, 5),
            duration_minutes=120,
            recorded_at=AT,
            recorded_by="admin",
            agenda="Chuyên đề",
            resolution="Kết luận",
            corrects=EV1,
            withdrawn=True,
            note="Sửa",
        ),
        AbsenceRecord(meeting=EV3, person="HS-0002", status="excused", reason="Ốm"),
        ResidenceTieRecord(
            uid=UID1,
            person="HS-0001",
            residence_organization="CB-02",
            category="regular",
            started_on=date(2020, 1, 6),
            recorded_at=AT,
            recorded_by="admin",
            address="Bản Co Sản",
            ended_on=date(2022, 1, 6),
            corrects=UID2,
            withdrawn=True,
            note="Chuyển nhà",
            **basis,
        ),
        ResidenceCommentRecord(
            uid=UID2,
            tie=UID1,
            year=2023,
            commented_on=date(2023, 12, 10),
            content="Gương mẫu",
            recorded_at=AT,
            recorded_by="admin",
            commented_by="CB-02",
            sent_on=date(2023, 12, 15),
            corrects=UID1,
            withdrawn=True,
        ),
        ReviewCycleRecord(
            uid=UID1,
            organization="CB-01",
            year=2024,
            period="quarter",
            reviewed_on=date(2024, 12, 20),
            recorded_at=AT,
            recorded_by="admin",
            period_number=4,
            basis_number="12-QĐ/HU",
            basis_date=date(2024, 1, 5),
            basis_issuer="Huyện ủy",
            note="Kiểm điểm quý",
        ),
        MemberRatingRecord(
            uid=UID2,
            cycle=UID1,
            person="HS-1",
            level="excellent",
            recorded_at=AT,
            recorded_by="admin",
            score="92.5",
            basis_number="12-QĐ/HU",
            basis_date=date(2024, 1, 5),
            basis_issuer="Huyện ủy",
            corrects=UID1,
            withdrawn=True,
            override_rule="ratings.excellent_quota",
            override_reason="Ý kiến cấp trên",
            note="Sửa",
        ),
        OrganizationRatingRecord(
            uid=UID2,
            cycle=UID1,
            level="clean_strong",
            recorded_at=AT,
            recorded_by="admin",
            score="90",
            basis_number="12-QĐ/HU",
            basis_date=date(2024, 1, 5),
            basis_issuer="Huyện ủy",
            corrects=UID1,
            withdrawn=True,
            override_rule="ratings.excellent_quota",
            override_reason="Ý kiến cấp trên",
            note="Sửa",
        ),
        MeasureRecord(
            uid=UID2,
            sanction="expulsion",
            decided_on=date(2024, 3, 1),
            recorded_at=AT,
            recorded_by="admin",
            person="HS-1",
            organization="CB-01",
            deciding_body="Ban Thường vụ Huyện ủy",
            violation_on=date(2023, 9, 1),
            self_remedied=True,
            post="Bí thư chi bộ",
            votes_for=7,
            entitled_voters=9,
            membership_event=UID1,
            basis_number="12-QĐ/HU",
            basis_date=date(2024, 1, 5),
            basis_issuer="Huyện ủy",
            corrects=UID1,
            withdrawn=True,
            override_rule="ratings.excellent_quota",
            override_reason="Ý kiến cấp trên",
            note="Hủy",
        ),
        CommendationRecord(
            uid=UID2,
            title="Giấy khen",
            awarded_on=date(2024, 2, 3),
            awarding_body="Đảng ủy xã",
            recorded_at=AT,
            recorded_by="admin",
            person="HS-1",
            organization="CB-01",
            for_year=2023,
            years=5,
            basis_number="12-QĐ/HU",
            basis_date=date(2024, 1, 5),
            basis_issuer="Huyện ủy",
            corrects=UID1,
            withdrawn=True,
            note="Hủy",
        ),
        DuesBasisRecord(
            uid=UID2,
            person="HS-1",
            from_month=date(2026, 2, 1),
            category="farmer",
            recorded_at=AT,
            recorded_by="admin",
            amount=5_000_000,
            region=3,
            corrects=UID1,
            withdrawn=True,
            note="Sửa vùng",
        ),
        DuesReliefRecord(
            uid=UID2,
            person="HS-1",
            ground="poor_household",
            percent=50,
            first_month=date(2026, 2, 1),
            decided_by="CB-01",
            recorded_at=AT,
            recorded_by="admin",
            last_month=date(2026, 12, 1),
            basis_number="12-QĐ/HU",
            basis_date=date(2024, 1, 5),
            basis_issuer="Huyện ủy",
            corrects=UID1,
            withdrawn=True,
            note="Hộ cận nghèo",
        ),
        DuesPaymentRecord(
            uid=UID2,
            person="HS-1",
            organization="CB-01",
            month=date(2026, 2, 1),
            amount=12_420,
            paid_on=date(2026, 2, 10),
            recorded_at=AT,
            recorded_by="admin",
            channel="portal",
            receipt_number="CT-2026-000123",
            corrects=UID1,
            withdrawn=True,
            note="Nộp qua cổng",
        ),
    ]


def read_all(reader, path):
    return [record for _, record in reader(path)]


def problems_of(reader, path):
    with pytest.raises(ExchangeError) as caught:
        list(reader(path))
    return caught.value.problems


def make_workbook(path: Path, sheets: dict[str, list[list]], *, info=True, version=1) -> Path:
    wb = openpyxl.Workbook()
    del wb[wb.sheetnames[0]]
    if info:
        ws = wb.create_sheet("Thông tin")
        ws.append(["Định dạng", "partyorg"])
        ws.append(["Phiên bản", version])
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def make_jsonl(path: Path, lines: list, *, header=True) -> Path:
    text = [json.dumps({"format": "partyorg", "version": 1})] if header else []
    text += [line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


def event_row(uid="e1", when="01/02/2017", kind="Lễ kết nạp"):
    return [uid, "HS-0001", kind, when, "2024-05-01T08:30:00+07:00", "admin"]


# -- the mapping ---------------------------------------------------------------------------------


def test_every_field_has_one_column_of_its_type():
    assert tuple(s.record for s in SHEETS) == RECORD_TYPES
    kinds = {
        date: "date",
        date | None: "date",
        datetime: "datetime",
        bool: "bool",
        int: "int",
        int | None: "optint",
        str: ("text", "enum"),
    }
    for sheet in SHEETS:
        hints = typing.get_type_hints(sheet.record)
        assert [c.field for c in sheet.columns] == sheet.record.field_names()
        assert len({c.header for c in sheet.columns}) == len(sheet.columns)
        for column in sheet.columns:
            assert column.kind in kinds[hints[column.field]], (sheet.name, column.field)
            if column.kind == "enum":
                assert formats._choices(column.enum)


def test_column_header_maps_field_names_for_the_loader():
    assert column_header("event", "effective_on") == "Ngày hiệu lực"
    assert column_header(PersonRecord, "full_name") == "Họ và tên"
    assert column_header("person", "no_such_field") == "no_such_field"


# -- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_round_trip(tmp_path, suffix):
    records = sample_records()
    path = tmp_path / f"tep{suffix}"
    assert write_file(records, path) == len(records)
    back = read_all(read_file, path)
    assert back == records
    assert back[6].recorded_at.utcoffset() == timedelta(hours=7)


def test_jsonl_shape(tmp_path):
    path = tmp_path / "tep.jsonl"
    write_jsonl(sample_records(), path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {"format": "partyorg", "version": 2}
    assert lines[1] == {
        "type": "locality",
        "code": "01",
        "name": "Thành phố Hà Nội",
        "kind": "province",
        "valid_from": "2008-08-01",
    }
    assert lines[7]["recorded_at"] == "2024-05-01T08:30:15+07:00"
    assert lines[2]["is_ethnic_minority_area"] is True
    assert "Phường Ba Đình" in path.read_text(encoding="utf-8")  # not \u escapes


def test_jsonl_locations(tmp_path):
    path = tmp_path / "a.jsonl"
    write_jsonl(sample_records()[:2], path)
    assert [loc for loc, _ in read_jsonl(path)] == [Location("a.jsonl", 2), Location("a.jsonl", 3)]


def test_jsonl_writer_refuses_records_out_of_order(tmp_path):
    with pytest.raises(ValueError, match="RECORD_TYPES order"):
        write_jsonl([OrganizationRecord("A"), LocalityRecord("1", "X", "province")], tmp_path / "x.jsonl")


def test_workbook_layout(tmp_path):
    path = tmp_path / "tep.xlsx"
    write_workbook(sample_records(), path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Thông tin", *[s.name for s in SHEETS]]
    info = wb["Thông tin"]
    assert (info["A1"].value, info["B1"].value) == ("Định dạng", "partyorg")
    assert (info["A2"].value, info["B2"].value) == ("Phiên bản", 2)
    events = wb["Sự kiện"]
    assert [c.value for c in events[1]][:4] == ["Mã", "Người", "Loại sự kiện", "Ngày hiệu lực"]
    assert events["A1"].font.bold
    assert events.freeze_panes == "A2"
    assert events.column_dimensions["A"].width == 38
    assert events["C2"].value == "Quyết định kết nạp"  # the label, not the code
    assert events["D2"].is_date and events["D2"].number_format == "dd/mm/yyyy"
    assert events["E2"].value == "2024-05-01T08:30:15+07:00"
    assert events["R3"].value == "=1+1 không phải công thức" and events["R3"].data_type == "s"
    people = wb["Người"]
    assert people["C2"].value == "Nữ" and people["O2"].value == "Có" and people["P2"].value == "Không"
    assert people["I2"].value is None  # empty string: empty cell
    assert wb["Chi tiết thay đổi"]["E3"].value == "Chi bộ cơ sở"


# -- the template --------------------------------------------------------------------------------


def test_template(tmp_path):
    path = tmp_path / "mau.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Thông tin", "Hướng dẫn", *[s.name for s in SHEETS]]
    for sheet in SHEETS:
        ws = wb[sheet.name]
        assert ws.max_row == 1
        assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
    guide = [[c.value for c in row] for row in wb["Hướng dẫn"].iter_rows()]
    assert guide[0] == ["Trang tính", "Cột", "Trường (JSON)", "Bắt buộc", "Giá trị cho phép", "Ý nghĩa"]
    assert len(guide) == 1 + sum(len(s.columns) for s in SHEETS)
    rows = {(r[0], r[1]): r for r in guide[1:]}
    assert rows[("Người", "Giới tính")][3:5] == ["Có", "Nam; Nữ"]
    assert rows[("Người", "Ngày sinh")][3:5] == ["Có", "Ngày, dạng dd/mm/yyyy"]
    assert rows[("Sự kiện", "Ghi chú")][3] == "Không"
    assert "Lễ kết nạp" in rows[("Sự kiện", "Loại sự kiện")][4]
    assert list(read_workbook(path)) == []


# -- lenient reading -----------------------------------------------------------------------------


def test_workbook_reading_is_lenient_where_it_is_safe(tmp_path):
    decomposed = unicodedata.normalize("NFD", "  Nguyễn Thị Hường ")
    path = make_workbook(
        tmp_path / "t.xlsx",
        {
            # the record type as a sheet name, field names as headers, columns in any order
            "person": [
                ["birth_date", "Giới tính", "Họ và tên", "Mã", "Đoàn viên", "Giáo dục phổ thông"],
                [datetime(1990, 2, 28), "female", decomposed, 1234.0, "x", "TRUNG HỌC CƠ SỞ"],
                ["1991-03-04", "nam", "Lê Văn A", "HS-2", "true", None],
                ["5/6/1992", "Nữ", "Lê Thị B", "HS-3", 1, ""],
                [None, None, None, None, None, None],  # empty rows are skipped
                [date(1993, 1, 1), "NỮ", "Lê Thị C", "HS-4", "Không", "primary"],
            ],
        },
    )
    people = read_all(read_workbook, path)
    assert people == [
        PersonRecord(
            "1234",
            "Nguyễn Thị Hường",
            "female",
            date(1990, 2, 28),
            ethnicity="Kinh",
            general_education="lower_secondary",
            is_youth_union_member=True,
        ),
        PersonRecord("HS-2", "Lê Văn A", "male", date(1991, 3, 4), is_youth_union_member=True),
        PersonRecord("HS-3", "Lê Thị B", "female", date(1992, 6, 5), is_youth_union_member=True),
        PersonRecord("HS-4", "Lê Thị C", "female", date(1993, 1, 1), general_education="primary"),
    ]
    assert [loc for loc, _ in read_workbook(path)][-1] == Location("Người", 6)


def test_workbook_datetimes_without_offset_are_vietnam_time(tmp_path):
    path = make_workbook(
        tmp_path / "t.xlsx",
        {
            "Sự kiện": [
                EVENT_HEADERS,
                [*event_row()[:4], datetime(2024, 5, 1, 8, 30), "admin"],
                [*event_row("e2")[:4], "01/05/2024 08:30", "admin"],
            ]
        },
    )
    assert [e.recorded_at for e in read_all(read_workbook, path)] == [AT.replace(second=0)] * 2


def test_empty_cell_versus_missing_column(tmp_path):
    path = make_workbook(
        tmp_path / "t.xlsx",
        {
            "Người": [
                ["Mã", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc"],
                ["A", "X", "Nam", "1/1/1990", None],
            ]
        },
    )
    assert read_all(read_workbook, path)[0].ethnicity == ""
    path = make_workbook(
        tmp_path / "u.xlsx",
        {"Người": [["Mã", "Họ và tên", "Giới tính", "Ngày sinh"], ["A", "X", "Nam", "1/1/1990"]]},
    )
    assert read_all(read_workbook, path)[0].ethnicity == "Kinh"


def test_jsonl_accepts_labels_and_strips_text(tmp_path):
    path = make_jsonl(
        tmp_path / "t.jsonl",
        [
            {
                "type": "locality",
                "code": " 01 ",
                "name": unicodedata.normalize("NFD", "Hà Nội"),
                "kind": "Tỉnh, thành phố",
                "valid_from": None,
                "is_ethnic_minority_area": "Có",
            },
            "",
        ],
    )
    assert read_all(read_jsonl, path) == [LocalityRecord("01", "Hà Nội", "province", None, None, True)]


# -- malformed input -----------------------------------------------------------------------------


def test_workbook_without_info_sheet(tmp_path):
    path = make_workbook(tmp_path / "t.xlsx", {"Sự kiện": [EVENT_HEADERS]}, info=False)
    assert problems_of(read_workbook, path) == [Problem(None, "", NOT_PARTYORG)]
    assert NOT_PARTYORG == "Tệp không phải định dạng partyorg phiên bản 1 đến 2"


def test_workbook_of_another_version(tmp_path):
    path = make_workbook(tmp_path / "t.xlsx", {"Sự kiện": [EVENT_HEADERS]}, version=3)
    assert problems_of(read_workbook, path) == [Problem(None, "", NOT_PARTYORG)]


def test_not_a_workbook(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_text("không phải bảng tính", encoding="utf-8")
    [problem] = problems_of(read_workbook, path)
    assert problem.reason.startswith("Không đọc được tệp bảng tính")


@pytest.mark.parametrize(
    "first_line",
    [
        {"format": "partyorg", "version": 3},
        {"format": "khác", "version": 1},
        {"format": "partyorg"},
        {"format": "partyorg", "version": True},
        "không phải json",
        {"type": "organization", "code": "A"},
    ],
)
def test_jsonl_wrong_or_missing_header(tmp_path, first_line):
    path = make_jsonl(tmp_path / "t.jsonl", [first_line], header=False)
    assert problems_of(read_jsonl, path) == [Problem(Location("t.jsonl", 1), "", NOT_PARTYORG)]


def test_jsonl_empty_file(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text("", encoding="utf-8")
    assert problems_of(read_jsonl, path) == [Problem(Location("t.jsonl", 1), "", NOT_PARTYORG)]


def test_unknown_sheet(tmp_path):
    path = make_workbook(tmp_path / "t.xlsx", {"Sheet1": [["a"]]})
    allowed = ", ".join(s.name for s in SHEETS)
    assert problems_of(read_workbook, path) == [
        Problem(None, "", f"Trang tính không xác định: Sheet1 (cho phép: {allowed})")
    ]


def test_two_sheets_of_one_type(tmp_path):
    path = make_workbook(tmp_path / "t.xlsx", {"Sự kiện": [EVENT_HEADERS], "event": [EVENT_HEADERS]})
    assert problems_of(read_workbook, path) == [Problem(None, "", "Trang tính trùng loại: Sự kiện và event")]


def test_unknown_column(tmp_path):
    path = make_workbook(tmp_path / "t.xlsx", {"Sự kiện": [[*EVENT_HEADERS, "Cột lạ"], event_row()]})
    assert problems_of(read_workbook, path) == [
        Problem(Location("Sự kiện", 1), "Cột lạ", "Cột không xác định")
    ]


def test_repeated_column(tmp_path):
    path = make_workbook(tmp_path / "t.xlsx", {"Sự kiện": [[*EVENT_HEADERS, "ghi chú", "note"]]})
    assert problems_of(read_workbook, path) == [Problem(Location("Sự kiện", 1), "Ghi chú", "Cột bị lặp lại")]


def test_missing_required_column(tmp_path):
    headers = [h for h in EVENT_HEADERS if h != "Ngày hiệu lực"]
    path = make_workbook(
        tmp_path / "t.xlsx", {"Sự kiện": [headers, ["e1", "HS-1", "Lễ kết nạp", AT.isoformat(), "admin"]]}
    )
    assert problems_of(read_workbook, path) == [
        Problem(Location("Sự kiện", 1), "Ngày hiệu lực", "Thiếu cột bắt buộc")
    ]


def test_header_not_on_row_one(tmp_path):
    path = make_workbook(tmp_path / "t.xlsx", {"Sự kiện": [[None], EVENT_HEADERS, event_row()]})
    assert problems_of(read_workbook, path) == [
        Problem(Location("Sự kiện", 1), "", "Dòng 1 phải là dòng tiêu đề cột")
    ]


def test_value_outside_the_headed_columns(tmp_path):
    path = make_workbook(tmp_path / "t.xlsx", {"Sự kiện": [EVENT_HEADERS, [*event_row(), None, "lạc"]]})
    assert problems_of(read_workbook, path) == [
        Problem(Location("Sự kiện", 2), "", "Có giá trị trong cột không có tiêu đề")
    ]


def _one_bad_row(tmp_path, sheet, headers, good, bad):
    """Rows 2 and 4 good, row 3 bad: the good ones are yielded, the error comes at the end."""
    path = make_workbook(tmp_path / "t.xlsx", {sheet: [headers, good, bad, good]})
    read: list = []
    with pytest.raises(ExchangeError) as caught:
        read.extend(read_workbook(path))
    assert [loc.row for loc, _ in read] == [2, 4]
    return caught.value


@pytest.mark.parametrize(
    ("row", "header", "reason"),
    [
        (event_row(when=None), "Ngày hiệu lực", "Thiếu giá trị bắt buộc"),
        (event_row(when="   "), "Ngày hiệu lực", "Thiếu giá trị bắt buộc"),
        (event_row(when="31/02/2017"), "Ngày hiệu lực", "Ngày không hợp lệ: 31/02/2017"),
        (event_row(when="2017-13-01"), "Ngày hiệu lực", "Ngày không hợp lệ: 2017-13-01"),
        (event_row(when="hôm qua"), "Ngày hiệu lực", "Ngày không hợp lệ: hôm qua"),
        (event_row(when=42000), "Ngày hiệu lực", "Ngày không hợp lệ: 42000"),
        (
            [*event_row()[:4], "1/5/2024 25:00", "admin"],
            "Thời điểm ghi",
            "Thời điểm không hợp lệ: 1/5/2024 25:00",
        ),
        ([*event_row()[:5], None], "Người ghi", "Thiếu giá trị bắt buộc"),
    ],
)
def test_bad_values_name_sheet_row_and_column(tmp_path, row, header, reason):
    error = _one_bad_row(tmp_path, "Sự kiện", EVENT_HEADERS, event_row("e0"), row)
    assert error.problems == [Problem(Location("Sự kiện", 3), header, reason)]
    assert f"Sự kiện, dòng 3, cột “{header}”: {reason}" in str(error)


def test_bad_enum_value_lists_the_labels(tmp_path):
    error = _one_bad_row(tmp_path, "Sự kiện", EVENT_HEADERS, event_row("e0"), event_row(kind="Sinh nhật"))
    [problem] = error.problems
    assert problem.location == Location("Sự kiện", 3)
    assert problem.field == "Loại sự kiện"
    assert problem.reason.startswith(
        "Giá trị không hợp lệ: Sinh nhật (cho phép: Quyết định kết nạp, Lễ kết nạp, "
    )
    assert problem.reason.endswith(", Hủy bản ghi nhập sai, Đảng viên từ trước khi có hồ sơ)")


def test_bad_boolean(tmp_path):
    headers = ["Thuộc thay đổi tổ chức", "Tổ chức", "Chi bộ ghép"]
    error = _one_bad_row(
        tmp_path, "Chi tiết thay đổi", headers, ["u1", "CB-01", "Có"], ["u1", "CB-02", "có lẽ"]
    )
    assert error.problems == [
        Problem(
            Location("Chi tiết thay đổi", 3),
            "Chi bộ ghép",
            "Giá trị không hợp lệ: có lẽ (cho phép: Có, Không)",
        )
    ]


def test_several_problems_in_one_row_and_file(tmp_path):
    path = make_workbook(
        tmp_path / "t.xlsx",
        {
            "Sự kiện": [EVENT_HEADERS, ["e1", None, "Lễ kết nạp", "30/02/2020", "x", "admin"]],
            "Người": [["Mã", "Họ và tên", "Giới tính", "Ngày sinh"], ["A", "B", "Nam", "32/1/1990"]],
        },
    )
    assert problems_of(read_workbook, path) == [
        Problem(Location("Người", 2), "Ngày sinh", "Ngày không hợp lệ: 32/1/1990"),
        Problem(Location("Sự kiện", 2), "Người", "Thiếu giá trị bắt buộc"),
        Problem(Location("Sự kiện", 2), "Ngày hiệu lực", "Ngày không hợp lệ: 30/02/2020"),
        Problem(Location("Sự kiện", 2), "Thời điểm ghi", "Thời điểm không hợp lệ: x"),
    ]


def test_jsonl_bad_lines(tmp_path):
    good = {"type": "person", "code": "A", "full_name": "Á", "sex": "female", "birth_date": "1990-01-01"}
    path = make_jsonl(
        tmp_path / "t.jsonl",
        [
            good,  # line 2
            '{"type": "person", "code": ',  # 3: not JSON
            [1, 2],  # 4
            {"code": "B"},  # 5: no type
            {"type": "member", "code": "B"},  # 6
            {**good, "code": "C", "birth_date": "2017-02-31"},  # 7
            {**good, "code": "D", "sex": "nữ giới", "is_youth_union_member": "chưa"},  # 8
            {**good, "code": "E", "age": 30},  # 9
            {**good, "code": "F", "full_name": ""},  # 10
            {"type": "organization", "code": "Z"},  # 11: out of order
            {**good, "code": "G"},  # 12
        ],
    )
    loc = lambda n: Location("t.jsonl", n)  # noqa: E731
    read: list = []
    with pytest.raises(ExchangeError) as caught:
        read.extend(read_jsonl(path))
    assert caught.value.problems == [
        Problem(loc(3), "", "JSON không hợp lệ (cột 28)"),
        Problem(loc(4), "", "Dòng phải là một đối tượng JSON"),
        Problem(loc(5), "type", "Thiếu giá trị bắt buộc"),
        Problem(
            loc(6),
            "type",
            "Loại bản ghi không xác định: member (cho phép: locality_change, locality, locality_parent, "
            "organization, org_change, org_change_item, person, event, served_locality, entered_figure, "
            "sent_report, person_fact, candidate, candidate_step, "
            "source_plan, congress, position, meeting, absence, residence_tie, residence_comment, "
            "review_cycle, member_rating, organization_rating, measure, commendation, "
            "cadre_unit, cadre_unit_version, staffing_quota, employment, post_holding, training, "
            "state_rating, planning_entry, planning_review, party_card, dues_basis, "
            "dues_relief, dues_payment)",
        ),
        Problem(loc(7), "Ngày sinh", "Ngày không hợp lệ: 2017-02-31"),
        Problem(loc(8), "Giới tính", "Giá trị không hợp lệ: nữ giới (cho phép: Nam, Nữ)"),
        Problem(loc(8), "Đoàn viên", "Giá trị không hợp lệ: chưa (cho phép: Có, Không)"),
        Problem(loc(9), "age", "Trường không xác định"),
        Problem(loc(10), "Họ và tên", "Thiếu giá trị bắt buộc"),
        Problem(loc(11), "type", "Sai thứ tự: bản ghi “organization” phải đứng trước mọi bản ghi “person”"),
    ]
    assert [(loc.row, r.code) for loc, r in read] == [(2, "A"), (12, "G")]


def test_jsonl_not_utf8(tmp_path):
    path = make_jsonl(tmp_path / "t.jsonl", [])
    with path.open("ab") as f:
        f.write('{"type": "organization", "code": "Hà"}\n'.encode("cp1258"))
    assert problems_of(read_jsonl, path) == [
        Problem(Location("t.jsonl", 2), "", "Dòng không phải văn bản UTF-8")
    ]


def test_problems_are_capped(tmp_path):
    rows = [EVENT_HEADERS] + [event_row(f"e{i}", when="31/02/2017") for i in range(1500)]
    path = make_workbook(tmp_path / "t.xlsx", {"Sự kiện": rows})
    problems = problems_of(read_workbook, path)
    assert len(problems) == formats.MAX_PROBLEMS == 1000
    assert problems[-1].location == Location("Sự kiện", 1001)


def test_unsupported_suffix(tmp_path):
    with pytest.raises(ExchangeError) as caught:
        read_file(tmp_path / "tep.csv")
    assert caught.value.problems == [
        Problem(None, "", "Loại tệp không hỗ trợ: .csv (dùng .xlsx hoặc .jsonl)")
    ]
    with pytest.raises(ExchangeError):
        write_file([], tmp_path / "tep.xls")
    assert not (tmp_path / "tep.xls").exists()


# -- size ----------------------------------------------------------------------------------------


def test_ten_thousand_events_with_one_bad_date(tmp_path):
    path = tmp_path / "lon.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    info = wb.create_sheet("Thông tin")
    info.append(["Định dạng", "partyorg"])
    info.append(["Phiên bản", 1])
    ws = wb.create_sheet("Sự kiện")
    ws.append(EVENT_HEADERS)
    bad_row = 5_678
    for row in range(2, 10_002):
        when = "31/02/2017" if row == bad_row else date(2017, 1, 1) + timedelta(days=row % 300)
        ws.append([f"e{row}", f"HS-{row % 500}", "Lễ kết nạp", when, "2024-05-01T08:30:00+07:00", "admin"])
    wb.save(path)
    read: list = []
    with pytest.raises(ExchangeError) as caught:
        read.extend(read_file(path))
    assert caught.value.problems == [
        Problem(Location("Sự kiện", bad_row), "Ngày hiệu lực", "Ngày không hợp lệ: 31/02/2017")
    ]
    assert len(read) == 9_999
    assert read[-1][0] == Location("Sự kiện", 10_001)
    assert read[0][1].effective_on == date(2017, 1, 3)


def test_large_round_trip_streams(tmp_path):
    events = [
        EventRecord(
            f"e{i}", f"HS-{i % 97}", "badge_awarded", date(2020, 1, 1) + timedelta(days=i % 900), AT, "ai"
        )
        for i in range(20_000)
    ]
    for suffix in (".xlsx", ".jsonl"):
        path = tmp_path / f"lon{suffix}"
        assert write_file(iter(events), path) == len(events)
        assert read_all(read_file, path) == events


def a_value_for(column: formats.Column, row: int) -> object:
    """A value that is not the field's default, of the column's kind (a text, a number, a day…)."""
    if column.kind == "enum":
        choices = formats._choices(column.enum)
        return choices[row % len(choices)][0]
    return {
        "text": f"Giá trị {column.field} {row}",
        "int": 7 + row,
        "optint": 3 + row,
        "date": date(2017, 3, 1 + row),
        "datetime": datetime(2024, 5, 1, 8, 30, row, tzinfo=formats.VN_TZ),
        "bool": True,
    }[column.kind]


def test_record_fields_round_trip_in_every_column(tmp_path):
    """Every field of every type declared by any app survives both files: a record is made for each
    sheet with every column filled by its kind, so a field a kit adds is covered without a line
    here (guards the mapping against omissions)."""
    records = []
    for sheet in SHEETS:
        values = {c.field: a_value_for(c, 1) for c in sheet.columns}
        records.append(sheet.record(**values))
    for suffix in (".xlsx", ".jsonl"):
        path = tmp_path / f"every{suffix}"
        write_file(iter(records), path)
        assert read_all(read_file, path) == records, suffix
    assert {(type(r), f.name) for r in records for f in fields(r)} == {
        (s.record, c.field) for s in SHEETS for c in s.columns
    }


# -- dates before 1900 (issue 15) ----------------------------------------------------------------

PERSON_HEADERS = ["Mã", "Họ và tên", "Giới tính", "Ngày sinh"]
BEFORE_1900 = (
    "ngày trước 01/01/1900 không lưu được trong ô kiểu ngày của tệp Excel; gõ ngày dưới dạng chữ, "
    "ví dụ 15/03/1895, hoặc lưu tệp dạng .ods"
)
ODS = "application/vnd.oasis.opendocument.spreadsheet"


def make_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """The smallest OpenDocument spreadsheet, as LibreOffice keeps its cells: a date cell holds the
    date itself (``office:date-value``), whatever the year."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value: object) -> str:
        if isinstance(value, date):
            kind, text = (
                f'office:value-type="date" office:date-value="{value.isoformat()}"',
                f"{value:%d/%m/%Y}",
            )
        elif isinstance(value, int):
            kind, text = f'office:value-type="float" office:value="{value}"', str(value)
        else:
            kind, text = 'office:value-type="string"', escape(str(value))
        return f"<table:table-cell {kind}><text:p>{text}</text:p></table:table-cell>"

    info: list[list] = [["Định dạng", "partyorg"], ["Phiên bản", 1]]
    tables = "".join(
        f'<table:table table:name="{name}">'
        + "".join("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in {"Thông tin": info, **sheets}.items()
    )
    spaces = " ".join(
        f'xmlns:{n}="urn:oasis:names:tc:opendocument:xmlns:{n}:1.0"' for n in ("office", "table", "text")
    )
    manifest = 'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"'
    with zipfile.ZipFile(path, "w") as ods:
        ods.writestr("mimetype", ODS, zipfile.ZIP_STORED)
        ods.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {spaces} office:version="1.2">'
            f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
            "</office:document-content>",
        )
        ods.writestr(
            "META-INF/manifest.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {manifest}>'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return path


def test_a_date_before_1900_typed_as_text_is_read(tmp_path):
    """Excel has no dates before 01/01/1900: 15/03/1895 typed into a cell stays the text typed."""
    row = ["A", "Lò Văn Pọm", "Nam", "15/03/1895"]
    path = make_workbook(tmp_path / "t.xlsx", {"Người": [PERSON_HEADERS, row]})
    [person] = read_all(read_workbook, path)
    assert person.birth_date == date(1895, 3, 15)


def test_a_date_before_1900_in_a_date_cell_of_an_excel_file_is_read(tmp_path):
    """LibreOffice saves 15/03/1895 typed as a date into .xlsx as the day number -1751 shown as a
    date (openpyxl writes the same cell, asserted below); python-calamine hands over only its time
    of day (00:00, or 08:30 for 15/03/1895 08:30), so such a cell is read again with openpyxl,
    which gives the day: never "00:00:00", never refused."""
    import zipfile

    path = make_workbook(
        tmp_path / "t.xlsx",
        {
            "Người": [
                PERSON_HEADERS,
                ["A", "Lò Văn Pọm", "Nam", date(1950, 3, 15)],
                ["B", "Quàng Thị Xuân", "Nữ", date(1895, 3, 15)],
                ["C", "Lò Văn Ban", "Nam", datetime(1895, 3, 15, 8, 30)],
            ]
        },
    )
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet2.xml").decode()
    assert '<c r="D3" s="1" t="n"><v>-1751</v></c>' in sheet_xml
    assert [record.birth_date for _, record in read_workbook(path)] == [
        date(1950, 3, 15),
        date(1895, 3, 15),
        date(1895, 3, 15),
    ]


def test_a_time_of_day_in_a_date_column_is_refused_saying_how_to_type_the_date(tmp_path):
    """A cell holding a time alone (no day at all) in a date column: the same advice, with the
    time as the sheet shows it."""
    path = make_workbook(
        tmp_path / "t.xlsx", {"Người": [PERSON_HEADERS, ["C", "Lò Văn Ban", "Nam", time(8, 30)]]}
    )
    with pytest.raises(ExchangeError) as caught:
        list(read_workbook(path))
    assert caught.value.problems == [
        Problem(Location("Người", 2), "Ngày sinh", f"Ngày không hợp lệ (ô chỉ còn giờ 08:30): {BEFORE_1900}"),
    ]


def test_a_date_before_1900_in_a_date_cell_of_an_ods_file_is_read(tmp_path):
    """A .ods file keeps the date of a date cell itself, before 1900 too."""
    rows = [["A", "Lò Văn Pọm", "Nam", date(1895, 3, 15)], ["B", "Lò Văn Ban", "Nam", date(1800, 1, 1)]]
    path = make_ods(tmp_path / "t.ods", {"Người": [PERSON_HEADERS, *rows]})
    assert [person.birth_date for person in read_all(read_file, path)] == [
        date(1895, 3, 15),
        date(1800, 1, 1),
    ]


def test_a_time_of_day_is_shown_as_the_sheet_shows_it():
    from datetime import time

    shown = [formats._shown(time(8, 30)), formats._shown(time(8, 30, 15)), formats._shown(time())]
    assert shown == ["08:30", "08:30:15", "00:00"]

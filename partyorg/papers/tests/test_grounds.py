"""The "Căn cứ" lines by the day a decision is signed: the documents in force that day, with the
dates of RULES.md §0.1 (the regulation implementing the Charter: 29, 24, 232, 294; the guidance of
the Ban Bí thư 2016 and 2021; the member-procedure guidance 2012, 2017, 2022; discipline 102, 69)."""

from __future__ import annotations

from datetime import date

import pytest

from partyorg.papers.grounds import grounds_on


def numbers(day: date, **kwargs: bool) -> list[str]:
    return [line.split(" số ")[1].split(",")[0] for line in grounds_on(day, **kwargs)[1:]]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2016, 7, 24), ["12-HD/BTCTW"]),  # before QĐ 29: the Charter and HD 12 (2012) only
        (date(2016, 7, 25), ["29-QĐ/TW", "12-HD/BTCTW"]),
        (date(2017, 6, 5), ["29-QĐ/TW", "01-HD/TW", "09-HD/BTCTW"]),
        (date(2021, 7, 30), ["24-QĐ/TW", "01-HD/TW", "09-HD/BTCTW"]),
        (date(2025, 1, 20), ["232-QĐ/TW", "01-HD/TW", "12-HD/BTCTW"]),
        (date(2025, 6, 30), ["232-QĐ/TW", "01-HD/TW", "12-HD/BTCTW"]),
        (date(2025, 7, 1), ["294-QĐ/TW", "01-HD/TW", "12-HD/BTCTW"]),  # QĐ 294 in force from 01/07/2025
    ],
)
def test_the_documents_in_force_on_the_day(day: date, expected: list[str]) -> None:
    assert grounds_on(day)[0] == "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"
    assert numbers(day) == expected


def test_which_guidance_of_2016_or_2021() -> None:
    assert "ngày 20/09/2016" in grounds_on(date(2021, 9, 27))[2]
    assert "ngày 28/09/2021" in grounds_on(date(2021, 9, 28))[2]


def test_an_expulsion_cites_the_discipline_regulation_of_its_day() -> None:
    assert numbers(date(2018, 11, 5), discipline=True) == ["29-QĐ/TW", "01-HD/TW", "102-QĐ/TW"]
    assert numbers(date(2022, 7, 6), discipline=True) == ["24-QĐ/TW", "01-HD/TW", "69-QĐ/TW"]


def test_the_discipline_regulations_are_the_politburos() -> None:
    """QĐ 69-QĐ/TW (06/07/2022) and the QĐ 102-QĐ/TW it replaced were issued by the Politburo
    (partyorg.rules.documents.QD_69: its signature block and QĐ 69's own words on QĐ 102), while the
    regulations implementing the Charter are the Central Committee's (RULES.md §0.1)."""
    assert grounds_on(date(2018, 11, 5), discipline=True)[-1] == (
        "Căn cứ Quy định số 102-QĐ/TW, ngày 15/11/2017 của Bộ Chính trị về xử lý kỷ luật đảng viên vi phạm;"
    )
    lines = grounds_on(date(2023, 3, 1), discipline=True)
    assert lines[-1] == (
        "Căn cứ Quy định số 69-QĐ/TW, ngày 06/07/2022 của Bộ Chính trị về kỷ luật tổ chức đảng, "
        "đảng viên vi phạm;"
    )
    assert "của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng" in lines[1]

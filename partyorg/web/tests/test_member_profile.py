"""The member page on a day (issue 15): the person as they stood that day (status, organization and
every dated fact holding then, with its periods and the rows behind them), said clearly; with
``?known=`` (the reports page's parameter) as known at the end of that day; a neighbour reaches
nothing; every read is in the read log.

Cast: ``partyorg.members.tests.test_profile.build_mover`` (Lò Văn Pọm moved from Na Ten, cell A, to
Co Sản, cell B, on 01/03/2018; graduated "Đại học" on 15/07/2019; became a civil servant on
01/09/2020, first recorded from 01/09/2021 and corrected on 10/10/2020); the values per day are
worked out in that module's text."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import ReadEntry, ReadKind, Role
from partyorg.members.tests.test_profile import TODAY, build_mover

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    with time_machine.travel(TODAY, tick=False):
        return build_mover()


def text(html: str) -> str:
    """The page's words, tags out and spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def fact(html: str, kind: str) -> str:
    """The words of the row of ``kind`` in the table of facts, up to its periods (the details)."""
    row = re.search(rf'<tr id="fact-{kind}">(.*?)(<details>|</tr>)', html, re.S)
    assert row is not None, kind
    return text(row.group(1))


def page(client, person, **params):
    response = client.get(reverse("member", args=[person.code]), params)
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("on", "cell", "hamlet", "level", "occupation"),
    [
        ("31/12/2017", "Chi bộ bản Na Ten", "Bản Na Ten, Xã Nà Tấu trước khi có hồ sơ – 01/03/2018",
         "Trung cấp trước khi có hồ sơ – 15/07/2019", "Nông dân trước khi có hồ sơ – 01/09/2020"),
        ("30/06/2018", "Chi bộ bản Co Sản", "Bản Co Sản, Xã Nà Tấu 01/03/2018 – nay",
         "Trung cấp trước khi có hồ sơ – 15/07/2019", "Nông dân trước khi có hồ sơ – 01/09/2020"),
        ("15/07/2019", "Chi bộ bản Co Sản", "Bản Co Sản, Xã Nà Tấu 01/03/2018 – nay",
         "Đại học 15/07/2019 – nay", "Nông dân trước khi có hồ sơ – 01/09/2020"),
        ("01/09/2020", "Chi bộ bản Co Sản", "Bản Co Sản, Xã Nà Tấu 01/03/2018 – nay",
         "Đại học 15/07/2019 – nay", "Cán bộ, công chức 01/09/2020 – nay"),
    ],
)  # fmt: skip
def test_the_page_shows_the_person_as_they_stood_on_the_day_asked(cast, on, cell, hamlet, level, occupation):
    client = testing.client_for(cast.tree.commune, Role.VIEW, "xa")
    html = page(client, cast.pom, on=on)
    assert f"Hồ sơ như tại ngày {on}" in text(html)
    assert f"Sinh hoạt tại {cell}" in text(html)
    assert fact(html, "residence") == f"Nơi cư trú {hamlet}"
    assert fact(html, "professional_level") == f"Chuyên môn nghiệp vụ {level}"
    assert fact(html, "occupation") == f"Nghề nghiệp {occupation}"
    assert (
        fact(html, "general_education")
        == "Giáo dục phổ thông Trung học phổ thông theo hồ sơ, chưa ghi theo thời gian"
    )


@time_machine.travel(TODAY, tick=False)
def test_the_periods_and_the_correction_chain_are_listed(cast):
    client = testing.client_for(cast.tree.commune, Role.VIEW, "xa")
    html = page(client, cast.pom, on="31/12/2020")
    row = re.search(r'<tr id="fact-occupation">(.*?)</details>', html, re.S)
    assert row is not None
    words = text(row.group(1))
    assert "2 thời kỳ, 3 bản ghi" in words
    assert "trước khi có hồ sơ – 01/09/2020: Nông dân 01/09/2020 – nay: Cán bộ, công chức" in words
    # The wrong day struck through as corrected, the correction with its reason and basis.
    assert "01/09/2021 Cán bộ, công chức (đã được sửa hoặc hủy)" in words
    basis = "45/QĐ-UBND ngày 25/08/2020 của UBND xã Nà Tấu"
    assert f"01/09/2020 Cán bộ, công chức (sửa bản ghi trước) Sai năm {basis}" in words
    assert len(re.findall(r'<tr class="corrected">', row.group(1))) == 1


@time_machine.travel(TODAY, tick=False)
def test_as_known_on_a_past_day_the_page_shows_only_what_had_been_recorded(cast):
    client = testing.client_for(cast.tree.commune, Role.EDIT, "xa")
    # As known at the end of 30/09/2020, the occupation changed on 01/09/2021 (the mistake stood).
    html = page(client, cast.pom, on="31/12/2020", known="30/09/2020")
    assert "Hồ sơ như tại ngày 31/12/2020, như đã biết đến hết ngày 30/09/2020" in text(html)
    assert fact(html, "occupation") == "Nghề nghiệp Nông dân trước khi có hồ sơ – 01/09/2021"
    assert "Ghi sự kiện" not in html  # no recording while looking back,
    assert "/van-ban/" not in html  # nor printing a paper
    # As known at the end of 31/12/2017, the move of 03/2018 was not recorded: cell A, Na Ten; the
    # events of 2018 are not in the record.
    old = page(client, cast.pom, on="30/06/2018", known="31/12/2017")
    assert "Sinh hoạt tại Chi bộ bản Na Ten" in text(old)
    assert fact(old, "residence") == "Nơi cư trú Bản Na Ten, Xã Nà Tấu theo hồ sơ, chưa ghi theo thời gian"
    assert "Chuyển sinh hoạt đảng chính thức đi" not in text(old)
    now = page(client, cast.pom, on="30/06/2018")
    assert "Chuyển sinh hoạt đảng chính thức đi" in text(now) and "Ghi sự kiện" in now
    assert "/van-ban/" in now


@time_machine.travel(TODAY, tick=False)
def test_every_read_is_logged_and_a_neighbour_reaches_nothing(cast):
    client = testing.client_for(cast.tree.commune, Role.VIEW, "xa")
    page(client, cast.pom, on="30/06/2018")
    page(client, cast.pom, on="30/06/2018", known="31/12/2017")
    reads = list(ReadEntry.objects.filter(kind=ReadKind.PERSON, person=cast.pom).order_by("pk"))
    assert [(r.username, r.on) for r in reads] == [("xa", date(2018, 6, 30))] * 2
    assert reads[1].detail.endswith("(như đã biết đến hết ngày 31/12/2017)")
    # The school's secretary (same district, not the commune): not found, on any day, nothing logged.
    neighbour = testing.client_for(cast.tree.school, Role.ADMINISTER, "truong")
    for params in ({"on": "30/06/2018"}, {"on": "31/12/2017", "known": "31/12/2017"}, {}):
        assert neighbour.get(reverse("member", args=[cast.pom.code]), params).status_code == 404
    assert ReadEntry.objects.filter(username="truong").count() == 0

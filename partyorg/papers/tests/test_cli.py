"""``partyorg paper issue|list|print|withdraw`` through ``call_command`` (cast: papers/tests/cast.py:
Cầm Văn Ún, admitted by Huyện ủy Mường Khoa on 20/01/2017, recognized on 05/03/2018)."""

from __future__ import annotations

import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partyorg.accounts.models import ReadEntry, ReadKind
from partyorg.papers.models import Paper
from partyorg.papers.tests.cast import admitted_and_recognized

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_an_officer_numbers_lists_prints_and_withdraws_papers_from_the_command_line(tmp_path: Path) -> None:
    story = admitted_and_recognized()
    code, district = story.person.code, story.tree.district.code
    out = run(
        "paper", "issue", "--person", code, "--event", "admission_decided", "--on", "20/01/2017",
        "--out", str(tmp_path / "qd.docx"), "--by", "bantochuc.huyen",
    )  # fmt: skip
    assert "Đã cấp số: Quyết định kết nạp đảng viên số 1-QĐ/HU ngày 20/01/2017, Cầm Văn Ún" in out
    with zipfile.ZipFile(tmp_path / "qd.docx") as docx:
        assert "Cầm Văn Ún" in docx.read("word/document.xml").decode()
    assert ReadEntry.objects.filter(kind=ReadKind.DOCUMENT, person=story.person).count() == 1
    # The recognition is the district's second decision of 2018's register: numbers run on per year.
    out = run(
        "paper", "issue", "--person", code, "--event", "recognized_official", "--on", "10/02/2018",
        "--issued-on", "05/03/2018", "--issuer", district,
    )  # fmt: skip
    assert "số 1-QĐ/HU ngày 05/03/2018" in out

    listed = run("paper", "list", "--org", district, "--year", "2017")
    assert "1-QĐ/HU" in listed and "Cầm Văn Ún" in listed and "1 văn bản năm 2017" in listed

    printed = tmp_path / "r.docx"
    run("paper", "print", "--org", district, "--number", "1-QĐ/HU", "--year", "2018", "--out", str(printed))
    assert printed.stat().st_size > 0

    out = run(
        "paper", "withdraw", "--org", district, "--number", "1-QĐ/HU", "--year", "2017", "--note", "in nhầm"
    )
    assert "Đã thu hồi văn bản số 1-QĐ/HU" in out
    assert "(đã thu hồi)" in run("paper", "list", "--org", district, "--year", "2017")
    assert Paper.objects.filter(withdrawn=True).count() == 1


def test_refusals_name_the_member_and_the_number() -> None:
    story = admitted_and_recognized()
    code, district = story.person.code, story.tree.district.code
    with pytest.raises(CommandError, match="không có đúng một sự kiện “Quyết định kết nạp” ngày 21/01/2017"):
        run("paper", "issue", "--person", code, "--event", "admission_decided", "--on", "21/01/2017")
    run("paper", "issue", "--person", code, "--event", "admission_decided", "--on", "20/01/2017")
    with pytest.raises(CommandError, match="đã in: số 1-QĐ/HU"):
        run("paper", "issue", "--person", code, "--event", "admission_decided", "--on", "20/01/2017")
    with pytest.raises(CommandError, match="Không có văn bản số 7-QĐ/HU năm 2017"):
        run("paper", "withdraw", "--org", district, "--number", "7-QĐ/HU", "--year", "2017", "--note", "x")
    with pytest.raises(CommandError, match="Thiếu --out"):
        run("paper", "print", "--org", district, "--number", "1-QĐ/HU", "--year", "2017")

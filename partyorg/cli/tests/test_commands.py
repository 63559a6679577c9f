"""The officer's commands, end to end on the test cast (partyorg.testing)."""

import os
import subprocess
import sys
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partyorg import testing
from partyorg.cli import COMMANDS, command_help, main
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_help_lists_the_officers_commands_in_vietnamese(capsys):
    main(["partyorg", "--help"])
    printed = capsys.readouterr().out
    for name in ("generate", "import", "export", "person", "org", "record", "correct", "rebuild"):
        assert f"  {name} " in printed
    assert "Nạp tệp trao đổi" in printed


def test_person_on_a_date_prints_status_party_age_and_history():
    tree = testing.build_tree()
    pom = testing.person()
    testing.admit(pom, tree.cell_a, date(2015, 7, 26), ceremony_on=date(2015, 7, 26))
    printed = run("person", pom.code, "--on", "26/07/2017", "--history")
    assert "Chính thức" in printed and "Chi bộ bản Na Ten" in printed
    assert "2 năm 0 tháng 0 ngày" in printed
    assert "26/07/2015  Quyết định kết nạp — 01-QĐ/TU ngày 01/01/2000 của Ban Thường vụ Tỉnh ủy" in printed


def test_org_prints_the_tree_as_it_stood():
    testing.build_tree()
    printed = run("org", "T", "--on", "30/06/2017", "--tree")
    assert "Đường dẫn: Tỉnh ủy Hòa Sơn" in printed
    assert "    Chi bộ bản Na Ten [T.H.X.1] (Chi bộ trực thuộc)" in printed


def test_record_refuses_with_the_rule_and_accepts_an_override():
    """RULES.md §2.3 [V] (QĐ 29 §4.2b): recognition takes effect at the end of the 12 months."""
    tree = testing.build_tree()
    pom = testing.person()
    testing.record(pom, K.ADMISSION_DECIDED, date(2024, 3, 1), organization=tree.cell_a)
    testing.record(pom, K.ADMISSION_CEREMONY, date(2024, 3, 11))
    with pytest.raises(CommandError, match=r"--override probation\.recognition_effective"):
        run("record", pom.code, "recognized_official", "--on", "01/04/2025", "--by", "can.bo")
    assert not MembershipEvent.objects.filter(kind=K.RECOGNIZED_OFFICIAL).exists()
    run(
        "record",
        pom.code,
        "recognized_official",
        "--on",
        "11/03/2025",
        "--basis-number",
        "45-QĐ/ĐU",
        "--by",
        "can.bo",
    )
    event = MembershipEvent.objects.get(kind=K.RECOGNIZED_OFFICIAL)
    assert (event.recorded_by, event.basis_number) == ("can.bo", "45-QĐ/ĐU")


def test_correct_records_a_correction_and_the_history_shows_both():
    tree = testing.build_tree()
    pom = testing.person()
    wrong = testing.record(pom, K.TRANSFER_IN, date(2010, 1, 4), organization=tree.cell_a)
    run("correct", str(wrong.uid), "--on", "04/02/2010", "--note", "Sai tháng")
    printed = run("person", pom.code, "--on", "01/01/2011", "--history")
    assert "04/01/2010  Chuyển sinh hoạt đảng chính thức đến" in printed and "[đã được sửa]" in printed
    assert "04/02/2010  Chuyển sinh hoạt đảng chính thức đến" in printed


def test_import_of_a_bad_file_fails_and_changes_nothing(tmp_path):
    bad = tmp_path / "tep.jsonl"
    bad.write_text('{"format": "partyorg", "version": 1}\n{"type": "organization"}\n', encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="Không nạp được"):
        call_command("import", str(bad), stdout=StringIO(), stderr=err)
    assert "dòng 2" in err.getvalue()


def test_export_then_import_into_the_same_database_changes_nothing(tmp_path):
    tree = testing.build_tree()
    testing.admit(testing.person(), tree.cell_a, date(2015, 7, 26))
    path = tmp_path / "tinh.xlsx"
    assert "Đã ghi" in run("export", str(path))
    printed = run("import", str(path))
    assert "sự kiện: 0 mới, 3 đã có" in printed


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_prints_its_help(name, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["partyorg", name, "--help"])
    assert exited.value.code == 0
    assert "usage: partyorg" in capsys.readouterr().out


@pytest.mark.parametrize("name", COMMANDS)
def test_the_help_page_reads_each_command_s_help_as_the_command_declares_it(name):
    """The help page reads the text from the command's source without importing it: the same text
    as the command class holds."""
    from django.core.management import get_commands, load_command_class
    from django.utils import translation

    with translation.override("vi"):  # Vietnamese is the source language: the msgid itself
        declared = str(load_command_class(get_commands()[name], name).help)
    assert command_help(name) == declared != ""


def test_the_help_page_starts_without_django():
    """`partyorg --help` sets up no Django and imports no command (a second of start-up before)."""
    checked = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from partyorg.cli import main; main(['partyorg', '--help']); "
            "assert not [m for m in sys.modules if m.startswith(('django', 'partyorg.cli.management'))]",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PARTYORG_LANG": "vi"},
    )
    assert checked.returncode == 0, checked.stderr
    assert "  report     Ghi biểu mẫu thống kê (biểu 1 đến 13" in checked.stdout


def test_stats_summary_prints_the_stock_and_the_flows_that_add_up():
    """Hand-worked on the cast: 2 members admitted in 2015, one dies in the first half of 2017."""
    tree = testing.build_tree()
    a, b = testing.person(), testing.person("Quàng Thị Xuân", sex="female")
    testing.admit(a, tree.cell_a, date(2015, 7, 26))
    testing.admit(b, tree.cell_b, date(2015, 8, 3))
    testing.record(a, K.DIED, date(2017, 3, 3))
    printed = run("stats", "summary", "--org", "T", "--from", "01/01/2017", "--to", "30/06/2017")
    assert "Đảng viên: 1, trong đó dự bị 0, nữ 1" in printed
    assert "Tổ chức cơ sở đảng: 2 (1 đảng bộ cơ sở, 1 chi bộ cơ sở)" in printed
    assert "đầu kỳ 2, cuối kỳ 1" in printed and "− Từ trần: 1" in printed
    assert "Cuối kỳ = đầu kỳ + tăng − giảm: khớp" in printed
    data = __import__("json").loads(run("stats", "summary", "--org", "T", "--on", "30/06/2017", "--json"))
    assert (data["members"], data["subordinate_cells"]) == (1, 2)


def test_figure_enters_corrects_and_lists_and_the_summary_sets_them_beside_the_records():
    """Hand-worked: the commune (T.H.X) plans 4 admissions in 2017 and admits 1 by 30/06/2017 (25%);
    the school (T.H.S) has 1 member of a staff of 4 (25%); the province had 0 members on 31/12/2014
    and has 2 on 30/06/2017."""
    tree = testing.build_tree()
    testing.admit(testing.person(), tree.cell_a, date(2017, 3, 1), recognize=False)
    testing.admit(testing.person("Quàng Thị Xuân", sex="female"), tree.school, date(2015, 8, 3))
    entered = run(
        "figure", "enter", "--org", "T.H.X", "--kind", "target", "--indicator", "admissions",
        "--value", "5", "--from", "01/01/2017", "--to", "31/12/2017", "--source", "Kế hoạch 2017",
    )  # fmt: skip
    uid = entered.split()[-1]
    assert "Đã ghi bản sửa" in run("figure", "correct", "--uid", uid, "--value", "4", "--note", "gõ nhầm")
    with pytest.raises(CommandError, match="đã được sửa"):
        run("figure", "correct", "--uid", uid, "--value", "3")
    with pytest.raises(CommandError, match="chỉ nhập cho kết nạp"):
        run("figure", "enter", "--org", "T.H.X", "--kind", "target", "--indicator", "members",
            "--value", "5", "--from", "01/01/2017", "--to", "31/12/2017")  # fmt: skip
    run("figure", "enter", "--org", "T.H.S", "--indicator", "staff", "--value", "4", "--to", "01/01/2017")
    listed = run("figure", "list", "--org", "T.H.X")
    assert (
        "01/01/2017–31/12/2017  Chỉ tiêu kế hoạch: Kết nạp mới" in listed and "= 4  (Kế hoạch 2017)" in listed
    )
    assert "= 5" not in listed  # the corrected entry is not in force
    printed = run("stats", "summary", "--org", "T.H.X", "--on", "30/06/2017")
    assert "Kết nạp 1 đảng viên từ 01/01/2017, đạt 25,0% kế hoạch (4, kỳ 01/01/2017 – 31/12/2017)" in printed
    assert "Đảng viên/cán bộ của đơn vị: 1/4 (25,0%)" in run(
        "stats", "summary", "--org", "T.H.S", "--on", "30/06/2017"
    )
    printed = run("stats", "summary", "--org", "T", "--on", "30/06/2017", "--base", "31/12/2014")
    assert "So với ngày 31/12/2014 (0 đảng viên): —" in printed
    printed = run("stats", "summary", "--org", "T", "--on", "30/06/2017", "--base", "31/12/2015")
    assert "So với ngày 31/12/2015 (1 đảng viên): tăng 100,00%" in printed


def test_report_review_writes_the_draft_as_docx(tmp_path):
    """Hand-worked: one member admitted in the first half of 2017 in the commune."""
    tree = testing.build_tree()
    testing.admit(testing.person(), tree.cell_a, date(2017, 3, 1), recognize=False)
    out = tmp_path / "baocao.docx"
    printed = run(
        "report",
        "review",
        "--org",
        "T.H.X",
        "--from",
        "01/01/2017",
        "--to",
        "30/06/2017",
        "--out",
        str(out),
        "--place",
        "Mường Khoa",
        "--signed-on",
        "04/07/2017",
        "--symbol",
        "BC/ĐU-X",
    )
    assert "Đã ghi" in printed
    import docx

    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "kết nạp mới 1 đảng viên" in text
    heading = [cell.text for cell in document.tables[0].rows[0].cells]
    assert heading[0] == "ĐẢNG BỘ HUYỆN MƯỜNG KHOA\nĐẢNG ỦY XÃ NÀ TẤU\n*\nSố …-BC/ĐU-X"
    assert heading[1].endswith("Mường Khoa, ngày 04 tháng 7 năm 2017")
    with pytest.raises(CommandError, match=r"\.docx"):
        run(
            "report",
            "review",
            "--org",
            "T.H.X",
            "--from",
            "01/01/2017",
            "--to",
            "30/06/2017",
            "--out",
            str(tmp_path / "x.odt"),
        )


def test_help_is_available_in_english(capsys, monkeypatch):
    """The compiled English catalog is current: a recent string and an old one are translated."""
    monkeypatch.setenv("PARTYORG_LANG", "vi")  # main() sets it; restored after the test
    main(["partyorg", "--lang", "en", "--help"])
    printed = capsys.readouterr().out
    assert "Import an exchange file" in printed
    assert (
        "Write a statistical form (forms 1 to 13, Excel or PDF) or the draft review report (.docx or PDF)"
        in printed
    )
    from django.utils import translation

    translation.activate("vi")

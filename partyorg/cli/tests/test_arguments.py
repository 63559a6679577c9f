"""What the officer types after a command: numbers and dates the Vietnamese way, refusals in
Vietnamese naming the option and the value, no English from argparse or Django (issue 15)."""

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import BaseCommand, CommandError, call_command

from partyorg import testing
from partyorg.cli import main
from partyorg.cli.arguments import ValueRefused, amount, count, day, in_vietnamese, month
from partyorg.cli.management.commands.candidate import Command as CandidateCommand
from partyorg.cli.management.commands.dues import Command as DuesCommand
from partyorg.recruitment.models import SourcePlan

# -- the value types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [("29738", 29738), ("29.738", 29738), ("1.072", 1072), ("1.000.000", 1_000_000), ("0", 0), (" 12 ", 12)],
)
def test_a_count_is_read_with_or_without_the_thousands_dot(typed, read):
    assert count(typed) == read


@pytest.mark.parametrize("typed", ["29,7", "-3", "1.5", "1.07", "12.3456", "", "mười", "1 072"])
def test_a_count_that_is_not_a_whole_number_is_refused_quoting_it(typed):
    """29,7 has a decimal comma; 1.5 and 1.07 are no grouping of thousands: neither is a count."""
    with pytest.raises(ValueRefused) as refused:
        count(typed)
    assert str(refused.value) == f"“{typed}” không phải là số nguyên không âm (ví dụ 1072 hoặc 1.072)"


@pytest.mark.parametrize(
    ("typed", "read"),
    [("30/06/2017", date(2017, 6, 30)), ("1/7/2017", date(2017, 7, 1)), ("2017-06-30", date(2017, 6, 30))],
)
def test_a_day_is_read_as_the_officer_writes_it(typed, read):
    assert day(typed) == read


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2017", "“31/02/2017” không phải là ngày có thật (dạng DD/MM/YYYY)"),
        ("29/02/2017", "“29/02/2017” không phải là ngày có thật (dạng DD/MM/YYYY)"),
        ("hôm qua", "“hôm qua” không phải là ngày dạng DD/MM/YYYY"),
        ("30.06.2017", "“30.06.2017” không phải là ngày dạng DD/MM/YYYY"),
    ],
)
def test_a_day_that_is_not_one_is_refused_quoting_it(typed, reason):
    with pytest.raises(ValueRefused) as refused:
        day(typed)
    assert str(refused.value) == reason


def test_a_month_and_an_amount_are_read_the_vietnamese_way():
    months = [month(typed) for typed in ("02/2026", "2/2026", "2026-02", "15/02/2026")]
    assert months == [date(2026, 2, 1)] * 4
    assert [amount(typed) for typed in ("3500000", "3.500.000", "3.500.000 đ")] == [3_500_000] * 3
    with pytest.raises(ValueRefused) as refused:
        month("13/2026")
    assert str(refused.value) == "“13/2026” không phải là tháng dạng MM/YYYY"
    with pytest.raises(ValueRefused) as refused:
        amount("2,5")
    assert str(refused.value) == "“2,5” không phải là số tiền (đồng), ví dụ 3.500.000"


# -- the parser of every command ------------------------------------------------------------


def options_of(command: BaseCommand, *argv: str) -> dict[str, Any]:
    return vars(command.create_parser("partyorg", "x").parse_args(list(argv)))


def test_the_commands_read_counts_amounts_and_months_the_vietnamese_way():
    assert options_of(CandidateCommand(), "plan", "--planned", "1.072", "--year", "2026")["planned"] == 1072
    options = options_of(DuesCommand(), "pay", "--amount", "80.000 đ", "--month", "02/2026", "--region", "2")
    assert (options["amount"], options["month"], options["region"]) == (80_000, date(2026, 2, 1), 2)


@pytest.mark.django_db
def test_a_count_written_with_the_thousands_dot_is_recorded_as_that_number():
    tree = testing.build_tree()
    out = StringIO()
    call_command("candidate", "plan", "--org", "T", "--year", "2026", "--planned", "1.072", stdout=out)
    assert SourcePlan.objects.get(organization=tree.province).planned == 1072
    assert "Kế hoạch tạo nguồn năm 2026: 1072" in out.getvalue()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["candidate", "plan", "--planned", "29,7"],
            "Tùy chọn --planned: “29,7” không phải là số nguyên không âm (ví dụ 1072 hoặc 1.072)",
        ),
        (
            ["person", "X", "--on", "31/02/2017"],
            "Tùy chọn --on: “31/02/2017” không phải là ngày có thật (dạng DD/MM/YYYY)",
        ),
        (
            ["record", "X", "recognized_official", "--basis-date", "hôm qua"],
            "Tùy chọn --basis-date: “hôm qua” không phải là ngày dạng DD/MM/YYYY",
        ),
        (["dues", "due", "--region", "7"], "Tùy chọn --region: “7” không phải là một trong: 1, 2, 3, 4"),
        (["dues", "nop"], "Tham số action: “nop” không phải là một trong: basis, pay, due, arrears, relief"),
        (["stats", "summary"], "Thiếu tham số bắt buộc: --org"),
        (["person", "--history"], "Thiếu tham số bắt buộc: code"),
        (["person", "X", "--on"], "Tùy chọn --on cần một giá trị"),
        (["person", "X", "--lịch-sử"], "Không hiểu: --lịch-sử (lệnh này không có tùy chọn hay tham số đó)"),
        (
            ["record", "X", "died", "--basis", "1"],
            "Tùy chọn --basis chưa rõ: có thể là --basis-number, --basis-date, --basis-issuer",
        ),
        (["person", "X", "-v", "x"], "Tùy chọn -v/--verbosity: “x” không phải là số nguyên"),
    ],
)
def test_a_bad_argument_is_refused_in_vietnamese_naming_the_option_and_the_value(argv, message, capsys):
    """From ``call_command``: CommandError with the message alone (Django's begins "Error: ").
    From the shell: the message and where to read the options on stderr, exit status 2."""
    with pytest.raises(CommandError) as refused:
        call_command(*argv, stdout=StringIO())
    assert str(refused.value) == message
    with pytest.raises(SystemExit) as exited:
        main(["partyorg", *argv])
    assert exited.value.code == 2
    printed = capsys.readouterr()
    assert printed.err == f"{message}\nXem các tùy chọn: partyorg {argv[0]} --help\n"
    assert printed.out == ""


@pytest.mark.django_db
def test_a_command_refusing_from_the_shell_prints_its_message_alone_and_exits_1(capsys):
    """Django prints "CommandError: " before a command's refusal; partyorg's commands do not."""
    with pytest.raises(SystemExit) as exited:
        main(["partyorg", "person", "HS-KHONG-CO", "--on", "30/06/2017"])
    assert exited.value.code == 1
    assert capsys.readouterr().err == "Không tìm thấy người có mã HS-KHONG-CO\n"


def test_a_refusal_argparse_words_otherwise_keeps_its_argument_named_in_vietnamese():
    """The table reads back argparse's own wording; one it does not know is shown as it came."""
    assert in_vietnamese("argument --to: expected 2 arguments") == "Tùy chọn --to cần 2 giá trị"
    assert in_vietnamese("argument --all: ignored explicit argument 'x'") == (
        "Tùy chọn --all không nhận giá trị (đã gõ 'x')"
    )
    assert in_vietnamese("argument --to: something new") == "Tùy chọn --to: something new"
    assert in_vietnamese("something new") == "something new"


@pytest.mark.django_db
def test_a_date_in_correct_set_is_refused_naming_the_field_and_nothing_changes():
    pom = testing.person()
    argv = ["correct", "--person", pom.code, "--set", "birth_date=31/02/1990", "--note", "Sai ngày sinh"]
    with pytest.raises(CommandError) as refused:
        call_command(*argv, stdout=StringIO())
    assert str(refused.value) == (
        "Tùy chọn --set birth_date: “31/02/1990” không phải là ngày có thật (dạng DD/MM/YYYY)"
    )
    pom.refresh_from_db()
    assert pom.birth_date == date(1980, 5, 17)


def test_a_command_that_does_not_exist_is_refused_in_vietnamese_with_the_close_ones(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["partyorg", "stat", "summary"])
    assert exited.value.code == 1
    hint = "Xem các lệnh: partyorg --help\n"
    assert capsys.readouterr().err == f"Không có lệnh stat. Có phải là: stats?\n{hint}"
    with pytest.raises(SystemExit):
        main(["partyorg", "thongke"])
    assert capsys.readouterr().err == f"Không có lệnh thongke.\n{hint}"

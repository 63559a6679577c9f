"""What a load did, as people read it: records counted by kind, findings grouped by rule and
organization with their years (``partyorg.exchange.report``), and the command's printout of both.

The findings are made by hand: two rules, three organizations, years with gaps, so that every
group, count and range below can be worked out by reading the list."""

import io
from datetime import date

from partyorg.cli.reporting import print_load_report
from partyorg.exchange.load import LoadReport
from partyorg.exchange.report import LoadFinding, group_findings, record_counts, year_ranges
from partyorg.rules.base import Confidence, Rule, RuleViolation, Source

SOURCE = Source("Điều lệ Đảng", None, "Đại hội XI")
SMALL_CELL = Rule(
    "organization.min_official_members",
    "Chi bộ có ít nhất 3 đảng viên chính thức",
    SOURCE,
    Confidence.VERIFIED,
)
LATE = Rule("admission.ceremony", "Tổ chức lễ kết nạp đúng hạn", SOURCE, Confidence.VERIFIED)


def cell_finding(code: str, name: str, year: int) -> LoadFinding:
    day = date(year, 12, 31)
    return LoadFinding(SMALL_CELL, code, name, day, f"{name}, ngày {day:%d/%m/%Y}: chưa đủ 3")


# Na Ten (C1): every year end 1995–1998, then 2001 and 2003–2004, renamed in 2001;
# Co San (C2): 2010; one late ceremony at C2 (2017) and one of a person whose history names no
# organization (2018).
FINDINGS = [
    *(cell_finding("C1", "Chi bộ Na Ten", year) for year in (1995, 1996, 1997, 1998)),
    *(cell_finding("C1", "Chi bộ bản Na Ten", year) for year in (2001, 2003, 2004)),
    cell_finding("C2", "Chi bộ Co Sản", 2010),
    LoadFinding(LATE, "C2", "Chi bộ Co Sản", date(2017, 5, 2), "Sự kiện, dòng 4: Lò Văn Pọm: muộn"),
    LoadFinding(LATE, "", "", date(2018, 1, 9), "Sự kiện, dòng 9: Lường Thị Mai: muộn"),
]


def test_year_ranges_join_consecutive_years():
    assert year_ranges([2004, 1995, 1996, 1997, 2001, 1998, 2003, 1997]) == "1995–1998, 2001, 2003–2004"
    assert year_ranges([2010]) == "2010"
    assert year_ranges([]) == ""


def test_findings_are_grouped_by_rule_and_organization_with_their_years():
    groups = group_findings(FINDINGS)
    # The rule with the most findings first (8 against 2); in it, the organization with most first.
    assert [(g.rule.code, g.organization, g.count, g.years_text) for g in groups] == [
        (SMALL_CELL.code, "C1", 7, "1995–1998, 2001, 2003–2004"),
        (SMALL_CELL.code, "C2", 1, "2010"),
        (LATE.code, "", 1, "2018"),
        (LATE.code, "C2", 1, "2017"),
    ]
    na_ten = groups[0]
    assert na_ten.organization_name == "Chi bộ bản Na Ten"  # the name of its last finding's day
    assert na_ten.last_on == date(2004, 12, 31)
    assert na_ten.examples == [f.text for f in FINDINGS[:3]]  # three kept as written
    assert na_ten.as_json()["years"] == "1995–1998, 2001, 2003–2004"
    assert sum(g.count for g in groups) == len(FINDINGS)


def test_every_kind_of_record_is_counted_with_its_label():
    """A load of dues payments only: 20.000 written, none of the first eight kinds."""
    rows = record_counts({"dues_payment": 20_000, "meeting": 0}, {"person": 3})
    assert [(kind, label, created, unchanged) for kind, label, created, unchanged in rows] == [
        ("person", "Người", 0, 3),
        ("dues_payment", "Đảng phí đã nộp", 20_000, 0),
    ]
    assert record_counts({"something_new": 2}, {}) == [("something_new", "something_new", 2, 0)]


def test_the_command_prints_every_kind_and_the_findings_grouped():
    report = LoadReport()
    report.created["dues_payment"] = 20_000
    for finding in FINDINGS:
        org = (finding.organization, finding.organization_name)
        report.add_finding(RuleViolation(finding.rule, "x"), finding.text, on=finding.on, organization=org)
    out = io.StringIO()
    print_load_report(out, report, findings=1)
    printed = out.getvalue()
    assert "đảng phí đã nộp: 20.000 mới, 0 đã có" in printed
    assert "Phát hiện về chất lượng dữ liệu (đã nạp, cần xem lại): 10" in printed
    assert "Chi bộ bản Na Ten (C1): 7 lần, năm 1995–1998, 2001, 2003–2004" in printed
    assert "Chi bộ Co Sản (C2): 1 lần, năm 2010" not in printed  # one group a rule asked for
    assert "… và 1 nhóm khác" in printed
    assert printed.count("ngày 31/12/") == 1  # one line an organization, not one a year

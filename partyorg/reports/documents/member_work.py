"""Form 7 — Thống kê về nghiệp vụ công tác đảng viên (member work), this period beside the same
period of last year, as a :class:`~partyorg.reports.documents.layout.Sheet` laid out like the paper
form. The rows are those of RULES.md §6.2 row 7-BTCTW ([P]: an unofficial reconstruction of the
2017–2021 forms); every number comes from
:func:`partyorg.reports.statistics.member_work.member_work`.

Two rows partyorg cannot fill: transfers "chưa đúng quy định" and forged introduction letters are
not recorded anywhere in partyorg, so their cells stay empty and the form's note says so
(:data:`NOTE`), never a 0 that would claim nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from partyorg.cards.models import CardAction
from partyorg.organizations.models import Organization
from partyorg.reports.documents import layout
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.member_work import (
    FLAG,
    GRASSROOTS,
    MERIT,
    PAPER,
    SUB_COMMITTEE,
    SUBORDINATE_CELL,
    UPPER,
    MemberWork,
    member_work,
)
from partyorg.rules.badges import MILESTONES

FORM_CODE = "Biểu số 7-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "THỐNG KÊ VỀ NGHIỆP VỤ CÔNG TÁC ĐẢNG VIÊN"
HEADERS = ("Kỳ này", "Cùng kỳ năm trước", "(%) kỳ này so với cùng kỳ năm trước")
COMPUTED = (None, None, layout.Ratio(0, 1))
NOTE = (
    "Ghi chú: các dòng “Số đảng viên nơi khác chuyển sinh hoạt đảng đến chưa đúng quy định”, “Số đảng "
    "viên giới thiệu sinh hoạt đảng đi chưa đúng quy định” và “Số trường hợp phát hiện giả mạo qua giới "
    "thiệu sinh hoạt đảng” để trống: partyorg chưa ghi các thông tin này."
)

Value = Callable[[MemberWork], int] | None


def _orgs(level: str, award: str | None = None) -> Value:
    return lambda w: w.organizations_figure(level, award).value


def _members(award: str | None = None) -> Value:
    return lambda w: w.members_figure(award).value


def _badge(milestone: int) -> Value:
    return lambda w: w.badges[milestone].value


def _cards(action: str) -> Value:
    return lambda w: w.cards[action].value


# (code, label, value, level): the rows of form 7 in their order; level 0 a heading, 1 a line,
# 2 a sub-line. A row without a value is a heading or a row partyorg does not keep.
ROWS: tuple[tuple[str, str, Value, int], ...] = (
    ("I.", "Khen thưởng tổ chức đảng và đảng viên trong năm", None, 0),
    ("1.", "Khen thưởng tổ chức đảng", None, 1),
    ("a)", "Số tổ chức đảng cấp trên trực tiếp cơ sở được khen, chia ra:", _orgs(UPPER), 1),
    ("-", "Tặng cờ", _orgs(UPPER, FLAG), 2),
    ("-", "Tặng bằng khen", _orgs(UPPER, MERIT), 2),
    ("b)", "Số tổ chức cơ sở đảng được khen, chia ra:", _orgs(GRASSROOTS), 1),
    ("-", "Tặng cờ", _orgs(GRASSROOTS, FLAG), 2),
    ("-", "Tặng bằng khen", _orgs(GRASSROOTS, MERIT), 2),
    ("-", "Tặng giấy khen", _orgs(GRASSROOTS, PAPER), 2),
    ("c)", "Số đảng bộ bộ phận trực thuộc đảng ủy cơ sở được khen, chia ra:", _orgs(SUB_COMMITTEE), 1),
    ("-", "Tặng bằng khen", _orgs(SUB_COMMITTEE, MERIT), 2),
    ("-", "Tặng giấy khen", _orgs(SUB_COMMITTEE, PAPER), 2),
    ("d)", "Số chi bộ trực thuộc đảng bộ cơ sở được khen, chia ra:", _orgs(SUBORDINATE_CELL), 1),
    ("-", "Tặng bằng khen", _orgs(SUBORDINATE_CELL, MERIT), 2),
    ("-", "Tặng giấy khen", _orgs(SUBORDINATE_CELL, PAPER), 2),
    ("2.", "Số đảng viên được khen, chia ra:", _members(), 1),
    ("-", "Tặng bằng khen", _members(MERIT), 2),
    ("-", "Tặng giấy khen", _members(PAPER), 2),
    ("II.", "Tặng huy hiệu Đảng trong năm", None, 0),
    *((("-", f"Huy hiệu Đảng {m} năm", _badge(m), 1)) for m in MILESTONES),
    ("III.", "Phát thẻ đảng viên trong năm", None, 0),
    ("1.", "Số thẻ đảng viên được phát cho đảng viên chính thức", _cards(CardAction.ISSUED), 1),
    ("2.", "Số thẻ đảng viên được cấp lại cho đảng viên do mất", _cards(CardAction.REISSUED), 1),
    ("3.", "Số thẻ đảng viên được đổi lại cho đảng viên do bị hỏng", _cards(CardAction.EXCHANGED), 1),
    ("IV.", "Giới thiệu sinh hoạt Đảng trong năm", None, 0),
    ("1.", "Số lượt đảng viên chuyển sinh hoạt đảng tạm thời", None, 1),
    ("-", "Giới thiệu chuyển đi", lambda w: w.temporary_out.value, 2),
    ("-", "Tiếp nhận chuyển đến", lambda w: w.temporary_in.value, 2),
    ("2.", "Số lượt đảng viên chuyển sinh hoạt đảng chính thức", None, 1),
    ("-", "Giới thiệu chuyển đi", lambda w: w.transferred_out.value, 2),
    ("-", "Tiếp nhận chuyển đến", lambda w: w.transferred_in.value, 2),
    ("3.", "Một số nội dung liên quan đến giới thiệu sinh hoạt đảng", None, 1),
    ("-", "Số đảng viên nơi khác chuyển sinh hoạt đảng đến chưa đúng quy định", None, 2),
    ("-", "Số đảng viên giới thiệu sinh hoạt đảng đi chưa đúng quy định", None, 2),
    ("-", "Số trường hợp phát hiện giả mạo qua giới thiệu sinh hoạt đảng", None, 2),
)


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    this: int | None
    last: int | None
    level: int

    @property
    def percent(self) -> float | None:
        """This period as a percentage of the same period last year; None when last year was 0."""
        if self.this is None or not self.last:
            return None
        return round(100 * self.this / self.last, 2)


@dataclass(frozen=True)
class MemberWorkForm:
    organization_name: str
    period: Period
    this: MemberWork
    last: MemberWork
    frame: layout.Frame | None = None

    def rows(self) -> list[Row]:
        return [
            Row(code, label, value(self.this) if value else None, value(self.last) if value else None, level)
            for code, label, value, level in ROWS
        ]


def build(root: Organization, period: Period) -> MemberWorkForm:
    framed = layout.frame(root, period)
    return MemberWorkForm(
        framed.organization_name,
        period,
        member_work(root, period),
        member_work(root, period.a_year_earlier()),
        framed,
    )


def sheet(form: MemberWorkForm) -> layout.Sheet:
    """The form on paper: "Kỳ này", "Cùng kỳ năm trước" under "Thực hiện", and the percentage."""
    framed = form.frame
    return layout.Sheet(
        organization_name=form.organization_name,
        form_code=FORM_CODE,
        title=framed.title(TITLE) if framed else TITLE,
        subtitle=framed.subtitle if framed else layout.period_subtitle(form.period),
        headers=HEADERS,
        widths=(12, 12, 14),
        formats=(layout.COUNT, layout.COUNT, layout.PERCENT),
        lines=[layout.Line(r.code, r.label, (r.this, r.last, r.percent), r.level) for r in form.rows()],
        masthead=framed.masthead if framed else (),
        groups=(("Thực hiện", 2), ("", 1)),
        numbers=("1", "2", "3", "4 = 2×100/3"),
        computed=COMPUTED,
        note=NOTE,
        place=framed.place if framed else "",
        report_day=framed.report_day if framed else None,
    )

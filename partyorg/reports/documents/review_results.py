"""Form 6 — Thống kê kết quả kiểm điểm tự phê bình và phê bình (the yearly review), collectives and
members side by side, as a :class:`~partyorg.reports.documents.layout.Sheet` laid out like the paper
form. The rows are those of RULES.md §6.2 row 6F-BTCTW ([P]: an unofficial reconstruction of the
2017–2021 forms); every number comes from
:func:`partyorg.reports.statistics.reviews.review_results`.

Which year: the form is yearly ("Năm …"). A period ending on 31/12 reports that year's review; any
other period reports the last year wholly before its last day (the first half of 2017: the review of
2016), since a year is reviewed at its end.

Row 4, the members asked to review by the committee that manages them (*được gợi ý kiểm điểm*), is
not recorded in partyorg: its cells stay empty and the form's note says so (:data:`NOTE`), never
a 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from partyorg.organizations.models import Organization
from partyorg.reports.documents import layout
from partyorg.reports.statistics.figures import Period
from partyorg.reports.statistics.reviews import ReviewResults, review_results
from partyorg.rules import ratings as rules

FORM_CODE = "Biểu số 6F-BTCTW"  # [P] RULES.md §6.2: code from an unofficial reconstruction
TITLE = "THỐNG KÊ KẾT QUẢ KIỂM ĐIỂM TỰ PHÊ BÌNH VÀ PHÊ BÌNH"
NOTE = (
    "Ghi chú: dòng 4 “Số được gợi ý kiểm điểm” và các dòng 4.1 đến 4.3 để trống: partyorg chưa ghi "
    "thông tin này."
)

Value = Callable[[ReviewResults], int] | None


@dataclass(frozen=True)
class Spec:
    """One row of the form: its number and words, how its two counts are read, its level (0 a
    heading, 1 a line, 2 "of which"), and for the workbook its key and the keys it is the sum of."""

    code: str
    label: str
    collectives: Value
    members: Value
    level: int
    key: str = ""
    adds: tuple[str, ...] = ()


ROWS: tuple[Spec, ...] = (
    Spec(
        "1",
        "Số lượng thuộc đối tượng phải kiểm điểm tự phê bình và phê bình",
        lambda r: r.collectives_due.value,
        lambda r: r.members_due.value,
        0,
        key="R1",
    ),
    Spec(
        "2",
        "Số lượng đã kiểm điểm tự phê bình và phê bình",
        lambda r: r.collectives_reviewed.value,
        lambda r: r.members_reviewed.value,
        0,
        key="R2",
    ),
    Spec(
        "3",
        "Số lượng chưa kiểm điểm tự phê bình và phê bình",
        lambda r: r.collectives_not_reviewed.value,
        lambda r: r.members_not_reviewed.value,
        0,
        adds=("R1", "-R2"),  # 3 = 1 − 2, as the workbook's formula
    ),
    Spec("", "Trong đó:", None, None, 2),
    Spec("3.1", "Số tập thể thành lập mới", lambda r: r.collectives_new.value, None, 1),
    Spec(
        "3.2",
        "Đảng viên mới kết nạp dưới 6 tháng",
        None,
        lambda r: r.members_excluded[rules.NEW_MEMBER].value,
        1,
    ),
    Spec(
        "",
        "Đảng viên được miễn công tác và sinh hoạt đảng",
        None,
        lambda r: r.members_excluded[rules.EXEMPT].value,
        1,
    ),
    Spec(
        "",
        "Đảng viên bị đình chỉ sinh hoạt đảng",
        None,
        lambda r: r.members_excluded[rules.SUSPENDED].value,
        1,
    ),
    Spec("4", "Số được gợi ý kiểm điểm", None, None, 0),
    Spec("", "Trong đó:", None, None, 2),
    Spec("4.1", "Thuộc diện ban thường vụ cấp ủy cấp tỉnh quản lý", None, None, 1),
    Spec("4.2", "Thuộc diện ban thường vụ cấp ủy cấp huyện quản lý", None, None, 1),
    Spec("4.3", "Thuộc diện đảng ủy cơ sở quản lý", None, None, 1),
)


def review_year(period: Period) -> int:
    """The year whose review the form reports for ``period`` (see the module docstring)."""
    last = period.closing_day
    return last.year if (last.month, last.day) == (12, 31) else last.year - 1


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    collectives: int | None
    members: int | None
    level: int
    key: str = ""
    adds: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewResultsForm:
    organization_name: str
    period: Period
    results: ReviewResults
    frame: layout.Frame | None = None

    def rows(self) -> list[Row]:
        r = self.results
        return [
            Row(
                spec.code,
                spec.label,
                spec.collectives(r) if spec.collectives else None,
                spec.members(r) if spec.members else None,
                spec.level,
                spec.key,
                spec.adds,
            )
            for spec in ROWS
        ]


def build(root: Organization, period: Period) -> ReviewResultsForm:
    framed = layout.frame(root, period)
    return ReviewResultsForm(
        framed.organization_name, period, review_results(root, review_year(period)), framed
    )


def sheet(form: ReviewResultsForm) -> layout.Sheet:
    """The form on paper: "Nội dung", then "Tập thể", "Đảng viên" and "Ghi chú"; the year reviewed
    in the title, as the form writes it ("… NĂM 2016")."""
    framed = form.frame
    return layout.Sheet(
        organization_name=form.organization_name,
        form_code=FORM_CODE,
        title=f"{TITLE} NĂM {form.results.year}",
        subtitle="",
        headers=("Tập thể", "Đảng viên", "Ghi chú"),
        widths=(12, 12, 14),
        formats=(layout.COUNT, layout.COUNT, "General"),
        lines=[
            layout.Line(r.code, r.label, (r.collectives, r.members, None), r.level, r.key, r.adds)
            for r in form.rows()
        ],
        masthead=framed.masthead if framed else (),
        label_header="Nội dung",
        note=NOTE,
        place=framed.place if framed else "",
        report_day=framed.report_day if framed else None,
    )

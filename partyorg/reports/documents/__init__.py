"""The official statistical forms (RULES.md §6.2 [P]: codes follow an unofficial reconstruction of
the 2017–2021 forms; HD 11-HD/BTCTW (2021) was not retrieved). Every number comes from
:mod:`partyorg.reports.statistics`; a form only arranges them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from partyorg.organizations.models import Organization
    from partyorg.reports.documents.breakdowns import Unplaced
    from partyorg.reports.documents.layout import Sheet
    from partyorg.reports.statistics import Period

# The forms by the name the CLI and the pages use, with their Vietnamese title. Forms 3–5 are
# stocks on the last day of the period; forms 1, 2 and 2B are flows over it.
FORMS: dict[str, str] = {
    "members-flow": "Biểu 1 — Tăng, giảm đảng viên",
    "admissions": "Biểu 2 — Đảng viên mới kết nạp",
    "admissions-ethnicity": "Biểu 2B — Đảng viên mới kết nạp theo dân tộc, tôn giáo",
    "membership": "Biểu 3 — Đội ngũ đảng viên",
    "ethnicity": "Biểu 4 — Đảng viên theo dân tộc, tôn giáo",
    "organizations": "Biểu 5 — Tổ chức đảng và đảng viên theo loại hình",
    "review-results": "Biểu 6 — Kết quả kiểm điểm tự phê bình và phê bình",
    "member-work": "Biểu 7 — Nghiệp vụ công tác đảng viên",
}
STOCK_FORMS = frozenset({"membership", "ethnicity", "organizations"})
# The personnel statistics forms 8B–13 (RULES.md §11.12), apart from FORMS: they read the cadre
# records, which need the cadre role, so the reports page (member-records scope) does not offer them.
CADRE_FORMS: dict[str, str] = {
    "cadre-staff": "Biểu 8B — Chất lượng người hưởng lương ngân sách",
    "cadre-leaders-province": "Biểu 9A — Cán bộ lãnh đạo, quản lý cấp tỉnh",
    "cadre-leaders-district": "Biểu 9B — Cán bộ lãnh đạo, quản lý cấp huyện",
    "cadre-leaders-commune": "Biểu 9C — Cán bộ lãnh đạo, quản lý cấp xã",
    "cadre-training": "Biểu 10 — Kết quả đào tạo, bồi dưỡng cán bộ",
    "cadre-rotation": "Biểu 11 — Kết quả luân chuyển cán bộ",
    "cadre-planning-province": "Biểu 12A — Kết quả quy hoạch cán bộ cấp tỉnh",
    "cadre-planning-district": "Biểu 12B — Kết quả quy hoạch cán bộ cấp huyện",
    "cadre-planning-commune": "Biểu 12C — Kết quả quy hoạch cán bộ cấp xã",
    "cadre-appointments": "Biểu 13 — Số lượt bổ nhiệm, giới thiệu ứng cử",
}


def sheet_for(name: str, root: Organization, period: Period) -> Sheet:
    """The form ``name`` of ``root`` for ``period`` (forms 3–5: on its last day), ready to write."""
    from partyorg.reports.documents import admissions, ethnicity, members_flow, membership, sectors

    if name == "members-flow":
        return members_flow.sheet(members_flow.build(root, period))
    if name == "admissions":
        return admissions.sheet(root, period)
    if name == "admissions-ethnicity":
        return ethnicity.admitted_sheet(root, period)
    if name == "membership":
        return membership.sheet(root, period)
    if name == "ethnicity":
        return ethnicity.sheet(root, period)
    if name == "organizations":
        return sectors.sheet(root, period)
    if name == "review-results":
        from partyorg.reports.documents import review_results

        return review_results.sheet(review_results.build(root, period))
    if name == "member-work":
        from partyorg.reports.documents import member_work

        return member_work.sheet(member_work.build(root, period))
    if name in CADRE_FORMS:
        from partyorg.reports.documents import cadre_forms

        return cadre_forms.sheet_for(name, root, period)
    raise KeyError(name)


def problems_for(name: str, root: Organization, period: Period) -> list[Unplaced]:
    """The people (or organizations) the form ``name`` has no row for, to complete their records:
    a value not recorded or not in the form's list. Empty for a form without such rows."""
    from django.utils.translation import gettext as _

    from partyorg.reports.documents import admissions, ethnicity, membership, sectors
    from partyorg.reports.documents.breakdowns import Unplaced
    from partyorg.reports.statistics import PeopleFigure

    if name == "admissions":
        return admissions.problems(root, period)
    if name == "admissions-ethnicity":
        return ethnicity.admitted(root, period)[1]
    if name == "membership":
        return membership.problems(root, period)
    if name == "ethnicity":
        return ethnicity.members(root, period.closing_day)[1]
    if name == "organizations":
        form = sectors.build(root, period.closing_day)
        return [
            Unplaced("Biểu 5", f"{what}: {', '.join(g.name for g in found)}", PeopleFigure())
            for what, found in (
                (_("Doanh nghiệp chưa xác định được loại hình chi tiết"), form.unsplit),
                (_("Tổ chức cơ sở đảng chưa ghi loại hình"), form.unplaced),
            )
            if found
        ]
    return []

"""A draft of the review report (báo cáo sơ kết, tổng kết công tác tổ chức xây dựng Đảng).

Every figure comes from :mod:`partyorg.reports.statistics`; this module only words them the way the
Party's organization reports do ("6 tháng đầu năm, toàn tỉnh kết nạp mới 1.072 đảng viên, nâng tổng
số đảng viên toàn Đảng bộ tỉnh lên 35.676 đảng viên"), leaves out the clauses whose figure is zero,
and leaves square-bracketed placeholders ("[Nguyên nhân …]") for what only people can write. The
draft is a Vietnamese document whatever the interface language, so its text is not translated.

``draft`` builds it, ``text`` prints it, ``write_docx`` lays it out as an editable Word document in
the shape of a Vietnamese party document (A4, Times New Roman, unit top left, "ĐẢNG CỘNG SẢN VIỆT
NAM" top right).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from partyorg.core.formats import vn_date, vn_number, vn_percent
from partyorg.core.text import fold_vi
from partyorg.organizations.models import Organization, OrgKind, OrgSector
from partyorg.organizations.queries import path as org_path
from partyorg.organizations.queries import version_on, versions_on
from partyorg.reports.statistics import (
    MembersFlow,
    Organizations,
    Period,
    hamlets_cleared,
    hamlets_on,
    members_flow,
    membership_on,
    organizations_on,
)
from partyorg.reports.statistics.admissions import admissions_in
from partyorg.reports.statistics.entered import achievement
from partyorg.reports.statistics.sectors import NO_SECTOR, organizations_by_sector

REPORT = "BÁO CÁO"
SUBJECT = "công tác tổ chức xây dựng Đảng"
PLACEHOLDER = re.compile(r"(\[[^\]]*\])")  # what the officer writes: italic in the .docx


@dataclass(frozen=True)
class Section:
    heading: str  # "I. CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN"
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ReviewDraft:
    unit_name: str  # the organization's name on the closing day
    place: str  # for the date line ("Điện Biên"); "" when no locality is recorded up the tree
    period: Period
    subject: str  # "Sơ kết công tác tổ chức xây dựng Đảng 6 tháng đầu năm 2017"
    preamble: tuple[str, ...]
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return f"{REPORT} {self.subject}"

    @property
    def date_line(self) -> str:
        return f"{self.place or '…'}, ngày … tháng … năm …"


# -- how periods are named ---------------------------------------------------------------------------

# A period from the 1st of a month to the 1st of another, keyed by (first month, number of months):
# the kind of review, its name in the title, how a sentence opens with it, and the period ahead
# whose tasks close the report. ``{y}`` is the year, ``{n}`` the next one. Any other period is named
# by its days.
NAMED_PERIODS = {
    (1, 3): ("Sơ kết", "quý I năm {y}", "Quý I năm {y}", "quý II năm {y}"),
    (1, 6): ("Sơ kết", "6 tháng đầu năm {y}", "6 tháng đầu năm", "6 tháng cuối năm {y}"),
    (1, 9): ("Sơ kết", "9 tháng đầu năm {y}", "9 tháng đầu năm", "3 tháng cuối năm {y}"),
    (7, 6): ("Sơ kết", "6 tháng cuối năm {y}", "6 tháng cuối năm", "năm {n}"),
    (1, 12): ("Tổng kết", "năm {y}", "Năm {y}", "năm {n}"),
}


@dataclass(frozen=True)
class PeriodName:
    review: str  # "Sơ kết" | "Tổng kết"
    name: str  # "6 tháng đầu năm 2017"
    lead: str  # "6 tháng đầu năm" (opens a sentence)
    ahead: str  # "6 tháng cuối năm 2017"


def period_name(period: Period) -> PeriodName:
    start, end = period.start, period.end
    months = (end.year - start.year) * 12 + end.month - start.month
    named = NAMED_PERIODS.get((start.month, months)) if start.day == end.day == 1 else None
    if named is None:
        days = f"từ ngày {vn_date(start)} đến ngày {vn_date(period.closing_day)}"
        return PeriodName("Sơ kết", days, days[0].upper() + days[1:], "thời gian tới")
    y, n = start.year, start.year + 1
    review, name, lead, ahead = named
    return PeriodName(review, name.format(y=y), lead.format(y=y), ahead.format(y=y, n=n))


# -- how the unit is named -----------------------------------------------------------------------------

# An organization that stands for a territory speaks of it as a whole ("toàn tỉnh kết nạp mới …,
# nâng tổng số đảng viên toàn Đảng bộ tỉnh lên …"). The word is read off the name of its locality
# ("Thành phố Điện Biên Phủ" -> "thành phố"), else it is the kind's. Any other organization is named.
TERRITORY_WORDS = {OrgKind.PROVINCE: "tỉnh", OrgKind.DISTRICT: "huyện", OrgKind.COMMUNE: "xã"}
LOCALITY_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")
# Organizations whose subordinates include grassroots organizations ("cấp trên cơ sở").
UPPER_KINDS = frozenset({OrgKind.CENTRAL, OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.COMMUNE, OrgKind.BLOC})


@dataclass(frozen=True)
class Wording:
    actor: str  # who acts: "toàn tỉnh" | "Đảng ủy xã Nà Tấu"
    body: str  # who has the members: "toàn Đảng bộ tỉnh" | "Đảng ủy xã Nà Tấu"
    of_total: str  # after "tổng số đảng viên": " toàn Đảng bộ tỉnh" | ""


def _split_locality(name: str) -> tuple[str, str]:
    """("Tỉnh Điện Biên") -> ("tỉnh", "Điện Biên"); ("", name) when no known word opens it."""
    for word in LOCALITY_WORDS:
        if name.lower().startswith(word + " "):
            return word, name[len(word) + 1 :]
    return "", name


def wording(name: str, kind: str, locality_name: str) -> Wording:
    default = TERRITORY_WORDS.get(OrgKind(kind)) if kind in OrgKind.values else None
    if default is None:
        return Wording(name, name, "")
    word = _split_locality(locality_name)[0] or default
    return Wording(f"toàn {word}", f"toàn Đảng bộ {word}", f" toàn Đảng bộ {word}")


# -- the draft -------------------------------------------------------------------------------------------


def n(value: int) -> str:
    return vn_number(value)


def _share(part: int, whole: int) -> str:
    return vn_percent(100 * part / whole) if whole else "—"


def _join(items: Sequence[str]) -> str:
    """A Vietnamese list: a; a và b; a, b và c."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} và {items[-1]}"


def _sentence(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def draft(root: Organization, period: Period) -> ReviewDraft:
    closing, opening = period.closing_day, period.opening_day
    version = version_on(root, closing) or version_on(root, opening)
    name = version.name if version else root.code
    kind = version.kind if version else ""
    chain = org_path(root, closing)
    locality = next((v.locality for v in reversed(chain) if v.locality is not None), None)
    own_locality = version.locality.name if version and version.locality else ""
    words = wording(name, kind, own_locality)
    named = period_name(period)
    flow = members_flow(root, period)
    context = _Context(root, period, named, words, kind in UPPER_KINDS, flow)
    bodies = [
        ("Công tác xây dựng tổ chức cơ sở đảng", context.organizations()),
        ("Công tác phát triển đảng viên", context.admissions()),
        ("Công tác quản lý đảng viên", context.management()),
        ("Thôn, bản chưa có đảng viên", context.hamlets()),
        (
            "Đánh giá chung",
            (
                "[Đánh giá chung: những kết quả nổi bật, ưu điểm …]",
                "[Hạn chế, khuyết điểm …]",
                "[Nguyên nhân của ưu điểm, hạn chế, khuyết điểm …]",
            ),
        ),
        (
            f"Phương hướng, nhiệm vụ {named.ahead}",
            (f"[Phương hướng, nhiệm vụ {named.ahead} …]", "[Đề xuất, kiến nghị …]"),
        ),
    ]
    present = [(heading, paragraphs) for heading, paragraphs in bodies if paragraphs]
    sections = tuple(
        Section(f"{ROMAN[i]}. {heading.upper()}", tuple(paragraphs))
        for i, (heading, paragraphs) in enumerate(present)
    )
    review = named.review.lower()
    preamble = (
        f"Thực hiện [văn bản chỉ đạo, hướng dẫn của cấp trên …], {name} báo cáo {review} {SUBJECT} "
        f"{named.name} như sau:",
    )
    place = _split_locality(locality.name)[1] if locality else ""
    return ReviewDraft(name, place, period, f"{named.review} {SUBJECT} {named.name}", preamble, sections)


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

# The stocks of the closing day said after the total, in this order: (Membership field, words).
STOCK_CLAUSES = (
    ("probationary", "đảng viên dự bị"),
    ("women", "đảng viên nữ"),
    ("ethnic_minority", "đảng viên là người dân tộc thiểu số"),
    ("religious", "đảng viên là người có đạo"),
    ("youth_union", "đảng viên là đoàn viên thanh niên"),
    ("exempt", "đảng viên được miễn công tác và sinh hoạt đảng"),
)
# Who the people admitted were: (Admissions field, words).
ADMISSION_CLAUSES = (
    ("women", "đảng viên nữ"),
    ("ethnic_minority", "đảng viên là người dân tộc thiểu số"),
    ("youth_union", "đoàn viên thanh niên"),
    ("private_business_owners", "chủ doanh nghiệp tư nhân"),
)
# Moves of form 1 other than admissions, in the order a report lists them: (side, reason, words).
MOVE_CLAUSES = (
    ("entries", "transferred_in", "tiếp nhận {n} đảng viên chuyển sinh hoạt đảng chính thức đến"),
    ("exits", "transferred_out", "chuyển sinh hoạt đảng chính thức đi {n} đảng viên"),
    ("entries", "restored", "phục hồi đảng tịch cho {n} đảng viên"),
    ("entries", "reorganized", "{n} đảng viên chuyển đến theo sắp xếp tổ chức"),
    ("exits", "reorganized", "{n} đảng viên chuyển đi theo sắp xếp tổ chức"),
    ("exits", "died", "{n} đảng viên từ trần"),
    ("exits", "expelled", "khai trừ {n} đảng viên"),
    ("exits", "removed", "xóa tên {n} đảng viên"),
    ("exits", "withdrew", "{n} đảng viên ra khỏi Đảng"),
)
# What section I counts below an upper organization, and below any other: (Organizations field, words).
UPPER_ORGANIZATIONS = (
    ("grassroots", "tổ chức cơ sở đảng"),
    ("sub_committees", "đảng bộ bộ phận"),
    ("cells", "chi bộ trực thuộc đảng bộ cơ sở"),
)
GRASSROOTS_PARTS = (("grassroots_committees", "đảng bộ cơ sở"), ("grassroots_cells", "chi bộ cơ sở"))
OTHER_ORGANIZATIONS = (("sub_committees", "đảng bộ bộ phận"), ("cells", "chi bộ trực thuộc"))
MOST_ADMITTING = 3  # subordinate organizations named for their admissions, as the articles do
WHITE = "thôn, bản “trắng” đảng viên"


def _count(orgs: Organizations, field: str) -> int:
    value = getattr(orgs, field)
    return value if isinstance(value, int) else int(value.value)


@dataclass(frozen=True)
class _Context:
    root: Organization
    period: Period
    named: PeriodName
    words: Wording
    upper: bool
    flow: MembersFlow

    @property
    def on(self) -> str:
        return vn_date(self.period.closing_day)

    def organizations(self) -> list[str]:
        orgs = organizations_on(self.root, self.period.closing_day)
        lines = UPPER_ORGANIZATIONS if self.upper else OTHER_ORGANIZATIONS
        items = []
        for field, words in lines:
            value = _count(orgs, field)
            if field == "grassroots":
                parts = [f"{n(_count(orgs, f))} {w}" for f, w in GRASSROOTS_PARTS if _count(orgs, f)]
                items.append(f"{n(value)} {words}" + (f" ({', '.join(parts)})" if parts else ""))
            elif value:
                items.append(f"{n(value)} {words}")
        has = (
            f"Đến ngày {self.on}, {self.words.actor} có {_join(items)}."
            if items
            else f"{self.words.actor} không có tổ chức đảng trực thuộc."
        )
        combined = orgs.combined_cells.value
        first = _sentence(has, f"Trong tổng số chi bộ có {n(combined)} chi bộ ghép." if combined else "")
        paragraphs = [first, *self._sectors(orgs), *self._organization_changes(orgs, lines)]
        return paragraphs

    def _sectors(self, orgs: Organizations) -> list[str]:
        if not self.upper or not orgs.grassroots:
            return []
        counts = organizations_by_sector(self.root, self.period.closing_day)
        with translation.override("vi"):  # the labels' msgids are Vietnamese
            labels = {str(value): str(label) for value, label in OrgSector.choices}
        order = [*labels, NO_SECTOR]
        parts = []
        for sector in sorted(counts, key=lambda s: order.index(s) if s in order else len(order)):
            value = counts[sector].grassroots_committees + counts[sector].grassroots_cells
            label = labels.get(sector, "chưa xác định loại hình")
            if value:
                parts.append(f"{label[0].lower()}{label[1:]} {n(value)}")
        return [f"Theo loại hình, tổ chức cơ sở đảng gồm: {'; '.join(parts)}."] if len(parts) > 1 else []

    def _organization_changes(self, orgs: Organizations, lines: Sequence[tuple[str, str]]) -> list[str]:
        opening = self.period.opening_day
        if version_on(self.root, opening) is None:
            return []
        before = organizations_on(self.root, opening)
        changes = []
        for field, words in lines:
            old, new = _count(before, field), _count(orgs, field)
            if new != old:
                way, to = ("tăng", "lên") if new > old else ("giảm", "xuống")
                changes.append(f"số {words} {way} {n(abs(new - old))} (từ {n(old)} {to} {n(new)})")
        return [f"So với ngày {vn_date(opening)}, {'; '.join(changes)}."] if changes else []

    def admissions(self) -> list[str]:
        admitted = admissions_in(self.root, self.period)
        total, again = admitted.admitted.value, admitted.readmitted.value
        fresh = total - again
        clauses = [
            f"kết nạp {words} {n(value)} đảng viên"
            for value, words in ((fresh, "mới"), (again, "lại"))
            if value
        ]
        did = _join(clauses) if clauses else "chưa kết nạp được đảng viên mới"
        closing = self.flow.closing.value
        grew = (
            bool(total) and closing > self.flow.opening.value
        )  # "nâng … lên" only when admissions raised it
        stock = (
            f", nâng tổng số đảng viên{self.words.of_total} lên {n(closing)} đảng viên"
            if grew
            else f"; tổng số đảng viên{self.words.of_total} đến ngày {self.on} là {n(closing)} đảng viên"
        )
        progress = achievement(self.root, self.period.closing_day) if fresh else None
        plan = (
            f", đạt {vn_percent(progress.ratio.percent)} kế hoạch"
            if progress is not None and progress.ratio.percent is not None
            else ""
        )
        headline = f"{self.named.lead}, {self.words.actor} {did}{plan}{stock}."
        who = [
            f"{n(figure.value)} {words} ({_share(figure.value, total)})"
            for field, words in ADMISSION_CLAUSES
            if (figure := getattr(admitted, field)).value
        ]
        profile = f"Trong số đảng viên được kết nạp có {', '.join(who)}." if who else ""
        last = members_flow(self.root, self.period.a_year_earlier()).admissions.value
        if last:
            way = "tăng" if total > last else "giảm"
            against = (
                f"Số đảng viên được kết nạp bằng cùng kỳ năm trước ({n(last)} đảng viên)."
                if total == last
                else f"Số đảng viên được kết nạp {way} {vn_percent(100 * abs(total - last) / last)} "
                f"so với cùng kỳ năm trước ({n(last)} đảng viên)."
            )
        else:
            against = "Cùng kỳ năm trước không kết nạp đảng viên." if total else ""
        grassroots = admitted.grassroots_that_admitted.value
        where = (
            f"Trong kỳ có {n(grassroots)} tổ chức cơ sở đảng kết nạp được đảng viên."
            if grassroots and self.upper
            else ""
        )
        return [_sentence(headline, profile, against, where), *self._most_admitting()]

    def _most_admitting(self) -> list[str]:
        if not self.upper:
            return []
        children = list(versions_on(self.period.closing_day).filter(parent=self.root))
        if len(children) < 2:
            return []
        scored = [
            (members_flow(child.organization, self.period).admissions.value, child) for child in children
        ]
        best = sorted((s for s in scored if s[0]), key=lambda s: (-s[0], fold_vi(s[1].name)))
        items = []
        for admitted, child in best[:MOST_ADMITTING]:
            cleared = hamlets_cleared(child.organization, self.period).value
            also = f", xóa {n(cleared)} {WHITE}" if cleared else ""
            items.append(f"{child.name} (kết nạp {n(admitted)} đảng viên{also})")
        return (
            [f"Các tổ chức đảng trực thuộc kết nạp được nhiều đảng viên nhất: {', '.join(items)}."]
            if items
            else []
        )

    def management(self) -> list[str]:
        stock = membership_on(self.root, self.period.closing_day)
        total = stock.total.value
        of_which = [
            f"{n(figure.value)} {words} ({_share(figure.value, total)})"
            for field, words in STOCK_CLAUSES
            if (figure := getattr(stock, field)).value
        ]
        has = f"Đến ngày {self.on}, {self.words.body} có {n(total)} đảng viên" + (
            f", trong đó {', '.join(of_which)}." if of_which else "."
        )
        flow = self.flow
        moved = [f"{way} {n(value)}" for way, value in (("tăng", flow.entered), ("giảm", flow.left)) if value]
        balance = (
            f"Tổng số đảng viên đầu kỳ (ngày {vn_date(self.period.opening_day)}) là {n(flow.opening.value)}; "
            + (f"trong kỳ {', '.join(moved)}; " if moved else "")
            + f"cuối kỳ (ngày {self.on}) là {n(flow.closing.value)} đảng viên."
        )
        clauses = []
        for side, reason, words in MOVE_CLAUSES:
            value = (flow.entries if side == "entries" else flow.exits)[reason].value
            if value:
                clause = words.format(n=n(value))
                if reason == "removed" and (probationary := flow.removed_probationary.value):
                    clause += f" (trong đó {n(probationary)} đảng viên dự bị)"
                clauses.append(clause)
        moves = (
            f"Trong kỳ, {'; '.join(clauses)}."
            if clauses
            else "Trong kỳ không có đảng viên chuyển đến, chuyển đi, từ trần hoặc ra khỏi Đảng."
        )
        return [has, _sentence(balance, moves)]

    def hamlets(self) -> list[str]:
        after = hamlets_on(self.root, self.period.closing_day)
        if after is None or after.all.total == 0:
            return []
        before = hamlets_on(self.root, self.period.opening_day)
        now = f"{n(after.without_members.value)}/{n(after.without_members.total)}"
        if before is None:
            change = f"Đến ngày {self.on}, còn {now} thôn, bản chưa có đảng viên."
        else:
            old, new = before.without_members.value, after.without_members.value
            was = f"{n(old)}/{n(before.without_members.total)}"
            change = (
                f"Số {WHITE} giảm từ {was} xuống còn {now}."
                if new < old
                else f"Số {WHITE} tăng từ {was} lên {now}."
                if new > old
                else f"Số {WHITE} không thay đổi ({now})."
            )
        cleared = hamlets_cleared(self.root, self.period).value
        none_left = after.without_members.value == 0
        without_cell = after.without_own_cell.value
        return [
            _sentence(
                change,
                f"Trong kỳ đã xóa được {n(cleared)} {WHITE}." if cleared else "",
                f"Đến ngày {self.on}, {self.words.actor} không còn thôn, bản chưa có đảng viên."
                if none_left
                else "",
                f"Còn {n(without_cell)}/{n(after.without_own_cell.total)} thôn, bản chưa có chi bộ riêng."
                if without_cell
                else "",
            )
        ]


# -- plain text ------------------------------------------------------------------------------------------


def text(draft: ReviewDraft) -> str:
    """The draft for a terminal: header, title, then each section with its paragraphs."""
    lines = [
        draft.unit_name.upper(),
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        draft.date_line,
        "",
        REPORT,
        draft.subject,
        "",
        *draft.preamble,
    ]
    for section in draft.sections:
        lines += ["", section.heading, *section.paragraphs]
    return "\n".join(lines) + "\n"


# -- Word ------------------------------------------------------------------------------------------------

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TITLE_STYLE = "Tiêu đề báo cáo"
PLACEHOLDER_STYLE = "Phần cần viết"


def _times(style: BaseStyle) -> None:
    """Times New Roman for every script: Word takes Vietnamese letters with diacritics through the
    East-Asian or complex-script slots in some setups, and a theme font there would win."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)


def _styles(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _times(normal)
    normal.font.size = BODY_SIZE
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)  # spelling checked as Vietnamese
    body = styles["Body Text"]
    _times(body)
    body_format = body.paragraph_format
    body_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body_format.first_line_indent = Cm(1.27)
    body_format.space_before, body_format.space_after = Pt(0), Pt(6)
    body_format.line_spacing = 1.15
    heading = styles["Heading 1"]
    _times(heading)
    heading.font.size, heading.font.bold = BODY_SIZE, True
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading_format = heading.paragraph_format
    heading_format.space_before, heading_format.space_after = Pt(12), Pt(6)
    heading_format.keep_with_next = True
    title = styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    _times(title)
    title.font.bold, title.font.size = True, BODY_SIZE
    title_format = title.paragraph_format
    title_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_format.space_before, title_format.space_after = Pt(18), Pt(0)
    title_format.keep_with_next = True
    placeholder = styles.add_style(PLACEHOLDER_STYLE, WD_STYLE_TYPE.CHARACTER)
    placeholder.font.italic = True


def _write(paragraph: Paragraph, words: str) -> None:
    """Text with its [placeholders] in the placeholder character style (italic)."""
    for piece in PLACEHOLDER.split(words):
        if piece:
            paragraph.add_run(piece, style=PLACEHOLDER_STYLE if PLACEHOLDER.fullmatch(piece) else None)


def _line(
    cell: _Cell,
    words: str,
    *,
    first: bool = False,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    for piece in PLACEHOLDER.split(words):
        if piece:
            run = paragraph.add_run(piece)
            run.font.size, run.bold, run.underline = Pt(size), bold, underline
            run.italic = italic or bool(PLACEHOLDER.fullmatch(piece))
    return paragraph


def _two_columns(document: DocxDocument, widths: tuple[float, float]) -> tuple[_Cell, _Cell]:
    """A borderless one-row table: the usual way to put two blocks side by side in a party document."""
    table = document.add_table(rows=1, cols=2)  # no style: "Normal Table", without borders
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell, width in zip(table.columns, (left, right), widths, strict=True):
        column.width = cell.width = Mm(width)  # the grid for Word's fixed layout, the cells for LibreOffice
    return left, right


def _page_numbers(document: DocxDocument) -> None:
    """Page numbers at the top centre from the second page on, as on a party document."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.text = "2"
    run.append(shown)
    field.append(run)
    paragraph._p.append(field)


def write_docx(draft: ReviewDraft, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    _styles(document)
    _page_numbers(document)

    left, right = _two_columns(document, (70, 90))
    _line(left, draft.unit_name.upper(), first=True, bold=True)
    _line(left, "*")
    _line(left, "Số …-BC/…")
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", first=True, size=14, bold=True, underline=True)
    _line(right, "")
    _line(right, draft.date_line, size=14, italic=True)

    title = document.add_paragraph(style=TITLE_STYLE)
    title.add_run(REPORT).font.size = Pt(16)
    title.add_run().add_break()
    title.add_run(draft.subject)
    document.add_paragraph("-----", style=TITLE_STYLE).paragraph_format.space_before = Pt(0)

    for words in draft.preamble:
        _write(document.add_paragraph(style="Body Text"), words)
    for part in draft.sections:
        document.add_paragraph(part.heading, style="Heading 1")
        for words in part.paragraphs:
            _write(document.add_paragraph(style="Body Text"), words)

    document.add_paragraph()
    left, right = _two_columns(document, (80, 80))
    received = _line(left, "Nơi nhận:", first=True, size=12, bold=True, italic=True)
    received.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for line in ("- [Cấp ủy, ban tổ chức cấp trên],", "- Lưu."):
        _line(left, line, size=11).alignment = WD_ALIGN_PARAGRAPH.LEFT
    _line(right, "[CHỨC VỤ NGƯỜI KÝ]", first=True, size=14, bold=True)
    for _ in range(3):
        _line(right, "", size=14)
    _line(right, "[Họ và tên]", size=14, bold=True)
    document.save(str(path))


__all__ = ["ReviewDraft", "Section", "draft", "period_name", "text", "write_docx"]

"""The review report of organization work (báo cáo kết quả công tác tổ chức xây dựng Đảng) for an
organization and a period, as data: heading, title, sections, the table by unit, the attached forms.

Every figure comes from :mod:`partyorg.reports.statistics` for the period; this module only words
them the way the Party's organization reports do ("6 tháng đầu năm, toàn tỉnh kết nạp mới 1.072
đảng viên, nâng tổng số đảng viên toàn Đảng bộ tỉnh lên 35.676 đảng viên"), leaves out the clauses
whose figure is zero, and leaves square-bracketed placeholders ("[Nguyên nhân …]") for what only
people can write, and for what partyorg keeps no records of in the period (cadre work, internal
political protection; meetings and dues before they were recorded). The report is a Vietnamese
document whatever the interface language, so its text is not translated.

Who issues it, its title and its date line: :mod:`partyorg.reports.review.naming`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

from django.utils import translation

from partyorg.core.formats import vn_date, vn_number, vn_percent
from partyorg.core.text import fold_vi
from partyorg.organizations.models import Organization, OrgKind, OrgSector, OrgVersion
from partyorg.organizations.queries import path as org_path
from partyorg.organizations.queries import version_on, versions_on
from partyorg.reports.review.naming import (
    BAN_KINDS,
    SUBJECT,
    Issuer,
    PeriodName,
    configured_issuer,
    date_line,
    issuer_for,
    period_name,
    split_locality,
)
from partyorg.reports.statistics import (
    MembersFlow,
    Organizations,
    Period,
    directly_under,
    hamlets_cleared,
    hamlets_on,
    members_flow,
    membership_on,
    organizations_on,
)
from partyorg.reports.statistics.admissions import admissions_in
from partyorg.reports.statistics.committees import congresses_due
from partyorg.reports.statistics.dues import dues_collection
from partyorg.reports.statistics.entered import achievement, share_of_staff
from partyorg.reports.statistics.meetings import meeting_figures
from partyorg.reports.statistics.ratings import member_ratings, organization_ratings
from partyorg.reports.statistics.review_figures import (
    cadre_figures,
    congresses_by_kind,
    dues_recorded_from,
    meetings_recorded_from,
    member_work,
    protection_figures,
    rating_year,
)
from partyorg.reports.statistics.scope import subtree_on
from partyorg.reports.statistics.sectors import NO_SECTOR, organizations_by_sector
from partyorg.rules import ratings as rating_rules

REPORT = "BÁO CÁO"
# The cell of the issuing Ban Tổ chức, found by its name under the root ("Chi bộ Ban Tổ chức Tỉnh
# ủy"); ``draft(own_cell=…)`` names another.
OWN_CELL_PREFIX = "Chi bộ Ban Tổ chức"


@dataclass(frozen=True)
class Section:
    heading: str  # "I. KẾT QUẢ …", "1. Công tác …", "a) Tổ chức cơ sở đảng"
    paragraphs: tuple[str, ...] = ()
    parts: tuple[Section, ...] = ()

    def part(self, opening: str) -> Section:
        """The sub-section whose heading starts with ``opening`` ("2.", "a)")."""
        return next(p for p in self.parts if p.heading.startswith(opening))


@dataclass(frozen=True)
class UnitRow:
    """One line of the table by unit: an organization directly under the root, or the root's total.
    ``moved_in``/``moved_out`` take transfers, restorations and moves by reorganization, so that
    each line keeps closing = opening + admitted + moved_in − moved_out − left (form 1's identity)."""

    name: str
    opening: int
    admitted: int
    moved_in: int
    moved_out: int
    left: int  # died, expelled, removed, withdrew
    closing: int
    recognized: int
    cell_congresses: int

    @property
    def balances(self) -> bool:
        return self.closing == self.opening + self.admitted + self.moved_in - self.moved_out - self.left


UNIT_COLUMNS = (
    "Đảng viên đầu kỳ",
    "Kết nạp",
    "Chuyển đến (*)",
    "Chuyển đi (*)",
    "Từ trần, khai trừ, xóa tên, ra khỏi Đảng",
    "Đảng viên cuối kỳ",
    "Công nhận chính thức",
    "Đại hội chi bộ",
)
UNIT_NOTE = (
    "(*) Kể cả phục hồi đảng tịch và chuyển theo sắp xếp tổ chức; đảng viên chuyển giữa các đơn vị "
    "được tính ở cả hai đơn vị, nên dòng toàn đảng bộ không phải là tổng các dòng."
)


@dataclass(frozen=True)
class ReviewDraft:
    issuer: Issuer
    unit_name: str  # the organization's name on the closing day
    place: str  # for the date line ("Điện Biên"); "" when none is known
    signed_on: date | None
    period: Period
    named: PeriodName
    preamble: tuple[str, ...]
    sections: tuple[Section, ...]
    units: tuple[UnitRow, ...] = ()
    total: UnitRow | None = None
    attachments: tuple[str, ...] = dataclass_field(default_factory=tuple)

    @property
    def subject(self) -> str:
        """ "kết quả công tác tổ chức xây dựng Đảng 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng
        cuối năm 2017": the line under "BÁO CÁO"."""
        return f"{SUBJECT} {self.named.title}"

    @property
    def title(self) -> str:
        return f"{REPORT} {self.subject}"

    @property
    def date_line(self) -> str:
        return date_line(self.place, self.signed_on)

    def section(self, number: str) -> Section:
        return next(s for s in self.sections if s.heading.startswith(f"{number}. "))


# -- how the unit is named -----------------------------------------------------------------------------

# An organization that stands for a territory speaks of it as a whole ("toàn tỉnh kết nạp mới …,
# nâng tổng số đảng viên toàn Đảng bộ tỉnh lên …"). The word is read off the name of its locality
# ("Thành phố Điện Biên Phủ" -> "thành phố"), else it is the kind's. Any other organization is named.
TERRITORY_WORDS = {OrgKind.PROVINCE: "tỉnh", OrgKind.DISTRICT: "huyện", OrgKind.COMMUNE: "xã"}
# Organizations whose subordinates include grassroots organizations ("cấp trên cơ sở").
UPPER_KINDS = frozenset({OrgKind.CENTRAL, OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.COMMUNE, OrgKind.BLOC})


@dataclass(frozen=True)
class Wording:
    actor: str  # who acts: "toàn tỉnh" | "Đảng ủy xã Nà Tấu"
    body: str  # who has the members: "toàn Đảng bộ tỉnh" | "Đảng ủy xã Nà Tấu"
    of_total: str  # after "tổng số đảng viên": " toàn Đảng bộ tỉnh" | ""


def wording(name: str, kind: str, locality_name: str) -> Wording:
    default = TERRITORY_WORDS.get(OrgKind(kind)) if kind in OrgKind.values else None
    if default is None:
        return Wording(name, name, "")
    word = split_locality(locality_name)[0] or default
    return Wording(f"toàn {word}", f"toàn Đảng bộ {word}", f" toàn Đảng bộ {word}")


# -- helpers of wording ----------------------------------------------------------------------------------


def n(value: int) -> str:
    return vn_number(value)


def _share(part: int, whole: int) -> str:
    return vn_percent(100 * part / whole) if whole else "—"


def _join(items: Sequence[str]) -> str:
    """A Vietnamese list: a; a và b; a, b và c."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} và {items[-1]}"


def _sentence(*parts: str) -> str:
    return " ".join(part for part in parts if part)


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LETTERS = "abcdefghiklmn"  # Vietnamese documents skip j


def _numbered(parts: Sequence[tuple[str, Sequence[str]]], style: str) -> tuple[Section, ...]:
    """Sections from (heading, paragraphs), empty ones left out, numbered "1." or "a)"."""
    present = [(heading, tuple(paragraphs)) for heading, paragraphs in parts if paragraphs]
    labels = [f"{i + 1}." if style == "1" else f"{LETTERS[i]})" for i in range(len(present))]
    return tuple(
        Section(f"{label} {heading}", paragraphs)
        for label, (heading, paragraphs) in zip(labels, present, strict=True)
    )


# -- the draft -------------------------------------------------------------------------------------------


def draft(
    root: Organization,
    period: Period,
    *,
    place: str = "",
    signed_on: date | None = None,
    issuer: Issuer | None = None,
    own_cell: Organization | None = None,
    attachments: Sequence[str] = (),
) -> ReviewDraft:
    """The report of ``root`` for ``period``. ``place`` replaces the place read off the tree (the
    nearest locality up from ``root``: "Tỉnh Điện Biên" → "Điện Biên"); ``issuer`` replaces the
    issuer worked out from the organization (:func:`naming.issuer_for`, then the deployment's
    ``PARTYORG_REVIEW_ISSUERS``); ``own_cell`` is the Ban Tổ chức's own cell, by default the cell
    under ``root`` named "Chi bộ Ban Tổ chức …"; ``attachments`` names the forms sent with it (the
    interfaces pass the titles of :data:`partyorg.reports.documents.FORMS`, which print with the
    review's heading and so may not be imported here)."""
    closing, opening = period.closing_day, period.opening_day
    version = version_on(root, closing) or version_on(root, opening)
    name = version.name if version else root.code
    kind = version.kind if version else ""
    chain = org_path(root, version.valid_from if version and version.valid_from > closing else closing)
    parent = chain[-2] if len(chain) > 1 else None
    if issuer is None:
        issuer = configured_issuer(root.code, issuer_for(version, parent))
    if not place:
        locality = next((v.locality for v in reversed(chain) if v.locality is not None), None)
        place = split_locality(locality.name)[1] if locality else ""
    own_locality = version.locality.name if version and version.locality else ""
    named = period_name(period)
    flow = members_flow(root, period)
    context = _Context(root, period, named, wording(name, kind, own_locality), kind in UPPER_KINDS, flow)
    is_ban = kind in BAN_KINDS
    units, total = context.units()
    building = _numbered(
        [
            ("Xây dựng tổ chức cơ sở đảng", context.organizations()),
            ("Đại hội", context.congresses()),
            ("Sinh hoạt chi bộ", context.meetings()),
            ("Phát triển đảng viên", context.admissions()),
            ("Quản lý đảng viên", context.management(bool(units))),
            ("Đánh giá, xếp loại chất lượng", context.ratings()),
            ("Đảng phí", context.dues()),
            ("Thôn, bản chưa có đảng viên", context.hamlets()),
        ],
        "a",
    )
    results = _numbered(
        [
            ("Công tác tổ chức bộ máy, biên chế", context.apparatus()),
            ("Công tác xây dựng tổ chức cơ sở đảng và đảng viên", ("",)),
            ("Công tác cán bộ", context.cadres()),
            ("Công tác bảo vệ chính trị nội bộ", context.protection()),
            (
                "Công tác xây dựng ngành Tổ chức xây dựng Đảng",
                context.own_building(own_cell) if is_ban else (),
            ),
            (
                "Đánh giá chung",
                (
                    "[Ưu điểm, những kết quả nổi bật …]",
                    "[Hạn chế, khuyết điểm …]",
                    "[Nguyên nhân của ưu điểm, hạn chế, khuyết điểm …]",
                ),
            ),
        ],
        "1",
    )
    # Section 2 is made of its parts a), b), …
    results = tuple(Section(s.heading, (), building) if s.paragraphs == ("",) else s for s in results)
    sections = (
        Section(f"I. KẾT QUẢ CÔNG TÁC TỔ CHỨC XÂY DỰNG ĐẢNG {named.name.upper()}", (), results),
        Section(
            f"II. PHƯƠNG HƯỚNG, NHIỆM VỤ {named.ahead.upper()}",
            (f"[Phương hướng, nhiệm vụ, giải pháp {named.ahead} …]",),
        ),
        Section("III. ĐỀ XUẤT, KIẾN NGHỊ", ("[Đề xuất, kiến nghị với cấp trên …]",)),
    )
    preamble = (
        f"Thực hiện [văn bản chỉ đạo, hướng dẫn của cấp trên …], {issuer.name} báo cáo {SUBJECT} "
        f"{named.title} như sau:",
    )
    return ReviewDraft(
        issuer=issuer,
        unit_name=name,
        place=place,
        signed_on=signed_on,
        period=period,
        named=named,
        preamble=preamble,
        sections=sections,
        units=units,
        total=total,
        attachments=tuple(attachments),
    )


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
    # Form 1 of each organization under the root over the period, read once: the most admitting
    # organizations and the table by unit both need them.
    flows: dict[int, MembersFlow] = dataclass_field(default_factory=dict)

    def flow_of(self, org: Organization) -> MembersFlow:
        if org.pk not in self.flows:
            self.flows[org.pk] = members_flow(org, self.period)
        return self.flows[org.pk]

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
        scored = [(self.flow_of(child.organization).admissions.value, child) for child in children]
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

    def management(self, has_units: bool = False) -> list[str]:
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
        paragraphs = [has, _sentence(balance, moves)]
        work = self._member_work()
        if work:
            paragraphs.append(work)
        if has_units:
            paragraphs.append("(Số liệu theo từng đơn vị tại Phụ lục kèm theo.)")
        return paragraphs

    def _member_work(self) -> str:
        """Recognitions, badges and exemptions of the period (statistics.review_figures.member_work)."""
        work = member_work(self.root, self.period)
        clauses = []
        if work.recognized.value:
            clauses.append(f"công nhận đảng viên chính thức cho {n(work.recognized.value)} đảng viên dự bị")
        if work.badges_awarded:
            milestones = [
                f"{n(figure.value)} Huy hiệu {milestone} năm tuổi Đảng"
                for milestone, figure in sorted(work.badges.items(), key=lambda item: -item[0])
                if figure.value and milestone
            ]
            detail = f" ({', '.join(milestones)})" if len(milestones) > 1 else ""
            clauses.append(f"trao tặng {n(work.badges_awarded)} Huy hiệu Đảng{detail}")
        if work.exempted.value:
            clauses.append(f"{n(work.exempted.value)} đảng viên được miễn công tác và sinh hoạt đảng")
        return f"Trong kỳ, {'; '.join(clauses)}." if clauses else ""

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

    def apparatus(self) -> list[str]:
        """The organizations directly under the root on the closing day, by kind."""
        under = directly_under(self.root, self.period.closing_day)
        items = [
            f"{n(under.by_kind[kind].value)} {words}"
            for kind, words in DIRECTLY_UNDER_WORDS
            if under.by_kind[kind].value
        ]
        standing = (
            f"Đến ngày {self.on}, {self.words.body.removeprefix('toàn ')} có {n(under.total)} tổ chức đảng "
            "trực thuộc "
            f"({', '.join(items)})."
            if items
            else ""
        )
        placeholder = (
            "[Kết quả tham mưu kiện toàn tổ chức bộ máy, chức năng, nhiệm vụ, biên chế, vị trí việc làm …]"
        )
        return [standing, placeholder] if standing else [placeholder]

    def congresses(self) -> list[str]:
        """Congresses held in the period by the kind of organization (RULES.md §1.4), and the terms
        that fell due in it."""
        held = congresses_by_kind(self.root, self.period)
        due = congresses_due(self.root, self.period)
        paragraphs = []
        if held.total:
            parts = [
                f"{n(held.by_kind[kind])} đại hội {words}"
                for kind, words in CONGRESS_WORDS
                if held.by_kind.get(kind)
            ]
            other = held.total - sum(held.by_kind.get(kind, 0) for kind, _ in CONGRESS_WORDS)
            if other:
                parts.append(f"{n(other)} đại hội khác")
            said = f"{n(held.total)} đại hội ({', '.join(parts)})" if len(parts) > 1 else parts[0]
            paragraphs.append(f"{self.named.lead}, {self.words.actor} đã tổ chức {said}.")
        if due.due.value:
            late = due.not_held.value
            paragraphs.append(
                f"Trong kỳ có {n(due.due.value)} tổ chức đảng đến kỳ đại hội, đã tổ chức đại hội "
                f"{n(due.held.value)}"
                + (f", còn {n(late)} tổ chức đảng chưa tổ chức đại hội." if late else ".")
            )
        return paragraphs

    def _recorded_part(self, first: date) -> tuple[Period, str]:
        """The part of the period from ``first`` (the first month with records) and the words that
        say so, "" when the records cover the whole period."""
        if first <= self.period.start:
            return self.period, ""
        return Period(
            first, self.period.end
        ), f"Từ tháng {first:%m/%Y} (tháng đầu tiên có số liệu trên hệ thống), "

    def meetings(self) -> list[str]:
        """The cells' meetings, over the months of the period whose meetings partyorg holds (RULES.md §5)."""
        first = meetings_recorded_from(self.root, self.period)
        if first is None:
            return ["[Việc duy trì nền nếp, chất lượng sinh hoạt chi bộ …]"]
        period, since = self._recorded_part(first)
        figures = meeting_figures(self.root, period)
        sentences = []
        if figures.cells.value and figures.cells_every_regular_share is not None:
            sentences.append(
                f"{n(figures.cells_every_regular.value)}/{n(figures.cells.value)} chi bộ "
                f"({vn_percent(figures.cells_every_regular_share)}) duy trì sinh hoạt thường kỳ hằng tháng"
                f" ({len(figures.months_judged)} tháng đã qua của kỳ)."
            )
        share = figures.attendance.share
        if share is not None:
            sentences.append(
                f"Các chi bộ đã tổ chức {n(figures.meetings.value)} cuộc sinh hoạt; tỷ lệ đảng viên dự sinh "
                f"hoạt bình quân {vn_percent(share)}."
            )
        if figures.absence_warnings.value:
            sentences.append(
                f"Có {n(figures.absence_warnings.value)} đảng viên bỏ sinh hoạt đảng không có lý do "
                "ba tháng trong năm, cần xem xét xóa tên."
            )
        said = _sentence(*sentences)
        if since and said:
            said = since + said[0].lower() + said[1:] if not said[0].isdigit() else since + said
        return (
            [said, "[Chất lượng sinh hoạt chi bộ, sinh hoạt chuyên đề …]"]
            if said
            else ["[Việc duy trì nền nếp, chất lượng sinh hoạt chi bộ …]"]
        )

    def ratings(self) -> list[str]:
        """The yearly review of the last year ended by the closing day (RULES.md §3)."""
        year = rating_year(self.period)
        members = member_ratings(self.root, year)
        orgs = organization_ratings(self.root, year)
        if not members.rated.value and not orgs.rated.value:
            return [f"[Kết quả kiểm điểm, đánh giá, xếp loại tổ chức đảng và đảng viên năm {year} …]"]
        paragraphs = []
        if orgs.rated.value:
            levels = [
                f"{n(orgs.by_level[level].value)} {ORG_LEVEL_WORDS[level]} ({orgs.percent(level)})"
                for level in ORG_LEVEL_ORDER
                if orgs.by_level[level].value
            ]
            paragraphs.append(
                f"Kết quả đánh giá, xếp loại tổ chức đảng năm {year}: trong {n(orgs.rated.value)} tổ chức "
                f"đảng được xếp loại có {', '.join(levels)}."
            )
        if members.rated.value:
            paragraphs.append(f"Kết quả xếp loại đảng viên năm {year}: {members.sentence()}")
        return paragraphs

    def dues(self) -> list[str]:
        """Dues due against collected, over the months of the period whose payments partyorg holds
        (RULES.md §4)."""
        first = dues_recorded_from(self.root, self.period)
        if first is None:
            return ["[Kết quả thu, nộp, quản lý và sử dụng đảng phí …]"]
        period, since = self._recorded_part(first)
        dues = dues_collection(self.root, period)
        share = dues.collected_share
        said = (
            (f"{since}đảng phí thu được" if since else "Đảng phí thu được")
            + f" {n(dues.collected)} đồng trên {n(dues.due)} đồng phải nộp"
            + (f" ({vn_percent(100 * share)})" if share is not None else "")
            + "."
        )
        arrears = (
            f" Còn {n(dues.in_arrears.value)} đảng viên nộp chưa đủ, thiếu {n(dues.shortfall)} đồng."
            if dues.in_arrears.value
            else ""
        )
        return [said + arrears]

    def cadres(self) -> list[str]:
        """Cadre work from the cadre records under the organization (review_figures.cadre_figures):
        the staff by degree and political theory, who is studying, and the period's appointments,
        rotations and completed trainings; placeholders where none are kept, and for what people
        write (evaluation, planning)."""
        from partyorg.reports.statistics.cadres import SENIOR_OR_BACHELOR

        figures = cadre_figures(self.root, self.period)
        asked = (
            "[Công tác nhận xét, đánh giá, quy hoạch, đào tạo, bồi dưỡng, luân chuyển, điều động, "
            "bổ nhiệm, giới thiệu cán bộ ứng cử …]"
        )
        if figures is None:
            return [asked]
        staff = figures.staff
        degree = {key: figure.value for key, figure in staff.degree.items()}
        theory = {key: figure.value for key, figure in staff.theory.items()}
        studying = staff.studying_theory.get(SENIOR_OR_BACHELOR)
        said = (
            f"Đến ngày {self.on}, các cơ quan, đơn vị có {n(staff.total.value)} cán bộ, công chức, "
            f"viên chức, người lao động. Về trình độ chuyên môn: {n(degree.get('doctor', 0))} tiến sĩ, "
            f"{n(degree.get('master', 0))} thạc sĩ, {n(degree.get('bachelor', 0))} cử nhân. Về lý luận chính "
            f"trị: {n(theory.get(SENIOR_OR_BACHELOR, 0))} đồng chí có trình độ cao cấp, cử nhân; "
            f"{n(theory.get('intermediate', 0))} trung cấp"
            + (
                f"; {n(studying.value)} đồng chí đang học cao cấp, cử nhân."
                if studying is not None and studying.value
                else "."
            )
        )
        work = (
            f"Trong kỳ, bổ nhiệm, bổ nhiệm lại {n(figures.appointed.value)} lượt cán bộ; luân chuyển "
            f"{n(figures.rotated.value)} lượt; {n(figures.trained.value)} cán bộ hoàn thành khóa đào tạo, "
            "bồi dưỡng."
        )
        return [said, work, asked]

    def protection(self) -> list[str]:
        """Internal political protection: placeholders until its records exist."""
        if protection_figures(self.root, self.period) is None:
            return ["[Công tác thẩm định, xác minh tiêu chuẩn chính trị, giải quyết vấn đề chính trị …]"]
        return []  # pragma: no cover - no records yet

    def own_building(self, own_cell: Organization | None) -> list[str]:
        """The Ban's own cell: its members and their share of the staff, its admissions, its ratings."""
        cell = own_cell or self._own_cell()
        paragraphs = []
        if cell is not None:
            on = self.period.closing_day
            version = version_on(cell, on)
            members = membership_on(cell, on).total.value
            staff = share_of_staff(cell, on)
            of_staff = (
                f", chiếm {vn_percent(staff.percent)} tổng số cán bộ, công chức"
                if staff is not None and staff.percent is not None
                else ""
            )
            admitted = members_flow(cell, self.period).admissions.value
            cell_name = version.name if version else cell.code
            said = [f"Đến ngày {self.on}, {cell_name} có {n(members)} đảng viên{of_staff}."]
            if admitted:
                said.append(f"Trong kỳ, chi bộ kết nạp {n(admitted)} đảng viên.")
            rated = member_ratings(cell, rating_year(self.period))
            if rated.rated.value:
                said.append(f"Năm {rated.year}, {rated.sentence()}")
            paragraphs.append(_sentence(*said))
        paragraphs.append(
            "[Công tác xây dựng cơ quan, chi bộ; bồi dưỡng nghiệp vụ cho cán bộ làm công tác tổ chức …]"
        )
        return paragraphs

    def _own_cell(self) -> Organization | None:
        on = self.period.closing_day
        found = [
            v
            for v in OrgVersion.objects.filter(
                organization_id__in=subtree_on(self.root, on), name__startswith=OWN_CELL_PREFIX
            ).select_related("organization")
            if v.holds_on(on)
        ]
        found.sort(key=lambda v: (len(v.name), fold_vi(v.name)))
        return found[0].organization if found else None

    def units(self) -> tuple[tuple[UnitRow, ...], UnitRow | None]:
        """One row a directly subordinate organization on the closing day (by name), and the root's."""
        if not self.upper:
            return (), None
        children = sorted(
            versions_on(self.period.closing_day).filter(parent=self.root).select_related("organization"),
            key=lambda v: fold_vi(v.name),
        )
        if not children:
            return (), None
        rows = tuple(self._row(child.name, child.organization) for child in children)
        return rows, self._row(f"Toàn {self.words.body.removeprefix('toàn ')}", self.root, self.flow)

    def _row(self, name: str, org: Organization, flow: MembersFlow | None = None) -> UnitRow:
        flow = flow or self.flow_of(org)
        work = member_work(org, self.period)
        congresses = congresses_by_kind(org, self.period).by_kind.get(OrgKind.CELL, 0)
        moved_in = sum(flow.entries[r].value for r in ("transferred_in", "restored", "reorganized"))
        moved_out = sum(flow.exits[r].value for r in ("transferred_out", "reorganized"))
        left = sum(flow.exits[r].value for r in ("died", "expelled", "removed", "withdrew"))
        return UnitRow(
            name=name,
            opening=flow.opening.value,
            admitted=flow.admissions.value,
            moved_in=moved_in,
            moved_out=moved_out,
            left=left,
            closing=flow.closing.value,
            recognized=work.recognized.value,
            cell_congresses=congresses,
        )


# The organizations directly under, by kind, in the order a report names them.
DIRECTLY_UNDER_WORDS = (
    (OrgKind.DISTRICT, "đảng bộ huyện, thị xã, thành phố"),
    (OrgKind.COMMUNE, "đảng bộ xã, phường, đặc khu"),
    (OrgKind.BLOC, "đảng bộ khối, cơ quan, lực lượng vũ trang"),
    (OrgKind.GRASSROOTS_COMMITTEE, "đảng bộ cơ sở"),
    (OrgKind.GRASSROOTS_CELL, "chi bộ cơ sở"),
    (OrgKind.SUB_COMMITTEE, "đảng bộ bộ phận"),
    (OrgKind.CELL, "chi bộ trực thuộc"),
)
# Congresses by the kind of organization that held them, lowest first (as reports count them).
CONGRESS_WORDS = (
    (OrgKind.CELL, "chi bộ trực thuộc"),
    (OrgKind.SUB_COMMITTEE, "đảng bộ bộ phận"),
    (OrgKind.GRASSROOTS_CELL, "chi bộ cơ sở"),
    (OrgKind.GRASSROOTS_COMMITTEE, "đảng bộ cơ sở"),
    (OrgKind.COMMUNE, "đảng bộ xã, phường, đặc khu"),
    (OrgKind.BLOC, "đảng bộ khối, cơ quan, lực lượng vũ trang"),
    (OrgKind.DISTRICT, "đảng bộ huyện, thị xã, thành phố"),
)
ORG_LEVEL_ORDER = (
    rating_rules.CLEAN_STRONG,
    rating_rules.EXCELLENT,
    rating_rules.GOOD,
    rating_rules.FULFILLED,
    rating_rules.NOT_FULFILLED,
    rating_rules.WEAK,
)
# How a sentence names the organizations of a level ("2 tổ chức hoàn thành tốt nhiệm vụ").
ORG_LEVEL_WORDS = {
    level: f"tổ chức {label[0].lower()}{label[1:]}"
    if level != rating_rules.CLEAN_STRONG
    else f"tổ chức đạt {label[0].lower()}{label[1:]}"
    for level, label in rating_rules.LABELS.items()
}

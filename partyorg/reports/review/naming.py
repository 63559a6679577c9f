"""Who issues the review report and how it names itself: the issuer's lines and the document's
symbol ("TỈNH ỦY ĐIỆN BIÊN / BAN TỔ CHỨC / Số …-BC/BTCTU"), the signer, the recipients, the place
and date line, and the title read off the period.

The layout of a Party document's heading (issuing body top left over "*", "ĐẢNG CỘNG SẢN VIỆT NAM"
top right, "Số …-BC/…" under the issuer, the place and date under the motto, the day below 10 and
the months 1 and 2 written with a leading zero) is that of Hướng dẫn 36-HD/VPTW (03/04/2018) on the
form of Party documents. RULES.md does not cover document form, and 36-HD/VPTW was read only in
secondary copies [U]: so every choice here is a default that a deployment overrides per
organization (``PARTYORG_REVIEW_ISSUERS`` in settings, or the command's ``--issuer`` and
``--symbol``), never a rule partyorg enforces.

Who issues by default. A province's or (until 30/06/2025) a district's report of organization work
is the report of its Ban Tổ chức ("TỈNH ỦY ĐIỆN BIÊN / BAN TỔ CHỨC", symbol BC/BTCTU); any other
organization has no Ban Tổ chức and reports through its own committee under the name of the party
organization above it ("ĐẢNG BỘ HUYỆN MƯỜNG NHÉ / ĐẢNG ỦY XÃ CHUNG CHẢI", symbol BC/ĐU). The
committee of the day is read off the organization's name on the report's closing day ("Đảng bộ
tỉnh Điện Biên" → "Tỉnh ủy Điện Biên").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from partyorg.core.formats import vn_date
from partyorg.organizations.models import OrgKind, OrgVersion
from partyorg.reports.statistics import Period

# -- periods -------------------------------------------------------------------------------------------

# A period from the 1st of a month to the 1st of another, keyed by (first month, number of months):
# the name of the period, how a sentence opens with it, the period ahead, and the title's words
# ("6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm {y}": the year said once, at the end,
# when both periods fall in it). ``{y}`` is the year, ``{n}`` the next one.
NAMED_PERIODS = {
    (1, 3): (
        "quý I năm {y}",
        "Quý I năm {y}",
        "quý II năm {y}",
        "quý I, phương hướng, nhiệm vụ quý II năm {y}",
    ),
    (1, 6): (
        "6 tháng đầu năm {y}",
        "6 tháng đầu năm",
        "6 tháng cuối năm {y}",
        "6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm {y}",
    ),
    (1, 9): (
        "9 tháng đầu năm {y}",
        "9 tháng đầu năm",
        "3 tháng cuối năm {y}",
        "9 tháng đầu năm, phương hướng, nhiệm vụ 3 tháng cuối năm {y}",
    ),
    (7, 6): (
        "6 tháng cuối năm {y}",
        "6 tháng cuối năm",
        "năm {n}",
        "6 tháng cuối năm {y}, phương hướng, nhiệm vụ năm {n}",
    ),
    (1, 12): ("năm {y}", "Năm {y}", "năm {n}", "năm {y}, phương hướng, nhiệm vụ năm {n}"),
}
SUBJECT = "kết quả công tác tổ chức xây dựng Đảng"


@dataclass(frozen=True)
class PeriodName:
    name: str  # "6 tháng đầu năm 2017"
    lead: str  # "6 tháng đầu năm" (opens a sentence)
    ahead: str  # "6 tháng cuối năm 2017"
    title: str  # "6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2017"


def period_name(period: Period) -> PeriodName:
    start, end = period.start, period.end
    months = (end.year - start.year) * 12 + end.month - start.month
    named = NAMED_PERIODS.get((start.month, months)) if start.day == end.day == 1 else None
    if named is None:
        days = f"từ ngày {vn_date(start)} đến ngày {vn_date(period.closing_day)}"
        ahead = "thời gian tới"
        return PeriodName(days, days[0].upper() + days[1:], ahead, f"{days}, phương hướng, nhiệm vụ {ahead}")
    y, n = start.year, start.year + 1
    return PeriodName(*(words.format(y=y, n=n) for words in named))


# -- the committee of the day --------------------------------------------------------------------------

# "Đảng bộ <word> X" -> "<Committee> X" for the levels whose committee has a name of its own.
COMMITTEE_WORDS = {
    "tỉnh": "Tỉnh ủy",
    "thành phố": "Thành ủy",
    "huyện": "Huyện ủy",
    "quận": "Quận ủy",
    "thị xã": "Thị ủy",
}
# The symbol of each such committee ("BC/TU", "BC/BTCTU" for its Ban Tổ chức). [U] Thị ủy follows
# the demo's "ThU"; a deployment that writes otherwise overrides the symbol.
COMMITTEE_SYMBOLS = {"Tỉnh ủy": "TU", "Thành ủy": "ThU", "Huyện ủy": "HU", "Quận ủy": "QU", "Thị ủy": "ThU"}
PARTY_WORDS = {committee: word for word, committee in COMMITTEE_WORDS.items()}
# The levels whose organization work is reported by their Ban Tổ chức.
BAN_KINDS = frozenset({OrgKind.CENTRAL, OrgKind.PROVINCE, OrgKind.DISTRICT})
CELL_KINDS = frozenset({OrgKind.GRASSROOTS_CELL, OrgKind.CELL})


def committee_name(name: str, kind: str) -> str:
    """The committee that leads the organization ``name``: "Đảng bộ tỉnh Điện Biên" → "Tỉnh ủy
    Điện Biên", "Đảng bộ xã Nà Tấu" → "Đảng ủy xã Nà Tấu"; a cell is its own ("Chi bộ …"), and a
    name that already is a committee's stays."""
    if not name.startswith("Đảng bộ "):
        return name
    rest = name[len("Đảng bộ ") :]
    if kind in (OrgKind.PROVINCE, OrgKind.DISTRICT):
        for word, committee in COMMITTEE_WORDS.items():
            if rest.lower().startswith(word + " "):
                return f"{committee} {rest[len(word) + 1 :]}"
    return f"Đảng ủy {rest}"


def party_name(name: str) -> str:
    """The party organization a committee leads: "Tỉnh ủy Điện Biên" → "Đảng bộ tỉnh Điện Biên",
    "Đảng ủy xã Nà Tấu" → "Đảng bộ xã Nà Tấu"; any other name stays."""
    for committee, word in PARTY_WORDS.items():
        if name.startswith(committee + " "):
            return f"Đảng bộ {word} {name[len(committee) + 1 :]}"
    if name.startswith("Đảng ủy "):
        return f"Đảng bộ {name[len('Đảng ủy ') :]}"
    return name


@dataclass(frozen=True)
class Issuer:
    """The heading's issuing body and what follows from it."""

    lines: tuple[str, ...]  # top left, upper case: ("TỈNH ỦY ĐIỆN BIÊN", "BAN TỔ CHỨC")
    symbol: str  # after "Số …-": "BC/BTCTU"
    name: str  # in sentences: "Ban Tổ chức Tỉnh ủy Điện Biên"
    signer: tuple[str, ...]  # over the signature: ("TRƯỞNG BAN",) | ("T/M ĐẢNG ỦY", "BÍ THƯ")
    recipients: tuple[str, ...]  # "Nơi nhận", without the dashes

    @property
    def number_line(self) -> str:
        return f"Số …-{self.symbol}"


def issuer_for(version: OrgVersion | None, parent: OrgVersion | None) -> Issuer:
    """The default issuer of the report of the organization of ``version`` (its parent's version
    on the same day in ``parent``), as the module docstring says."""
    if version is None:
        return Issuer(
            ("[TÊN CƠ QUAN BAN HÀNH]",), "BC/…", "[Tên cơ quan ban hành]", ("[CHỨC VỤ NGƯỜI KÝ]",), ()
        )
    committee = committee_name(version.name, version.kind)
    above = committee_name(parent.name, parent.kind) if parent is not None else ""
    short = next((s for word, s in COMMITTEE_SYMBOLS.items() if committee.startswith(word + " ")), "")
    if version.kind in BAN_KINDS:
        upper_ban = f"Ban Tổ chức {above}" if above else "Ban Tổ chức Trung ương"
        recipients = (
            f"{upper_ban} (b/c)",
            f"Thường trực {committee} (b/c)",
            "Lãnh đạo Ban",
            "Các tổ chức đảng trực thuộc",
            "Lưu.",
        )
        return Issuer(
            (committee.upper(), "BAN TỔ CHỨC"),
            f"BC/BTC{short or 'ĐU'}",
            f"Ban Tổ chức {committee}",
            ("TRƯỞNG BAN",),
            recipients,
        )
    cell = version.kind in CELL_KINDS
    lines = ((party_name(above).upper(),) if above else ()) + (committee.upper(),)
    # Above: a province's or district's standing committee and Ban Tổ chức; a grassroots committee
    # (or bloc, or commune) has neither, and is written to as the committee itself.
    to_above: tuple[str, ...] = ()
    if parent is not None and parent.kind in BAN_KINDS:
        to_above = (f"Ban Thường vụ {above} (b/c)", f"Ban Tổ chức {above}")
    elif above:
        to_above = (f"{above} (b/c)",)
    recipients = (
        *to_above,
        *(() if cell else ("Các chi bộ trực thuộc",)),
        "Lưu.",
    )
    return Issuer(
        lines,
        "BC/CB" if cell else f"BC/{short or 'ĐU'}",
        committee,
        ("T/M CHI BỘ" if cell else "T/M ĐẢNG ỦY", "BÍ THƯ"),
        recipients,
    )


def configured_issuer(code: str, default: Issuer) -> Issuer:
    """``default`` with what ``PARTYORG_REVIEW_ISSUERS[code]`` sets: ``lines``, ``symbol``, ``name``,
    ``signer``, ``recipients`` (each optional)."""
    given = getattr(settings, "PARTYORG_REVIEW_ISSUERS", {}).get(code)
    if not given:
        return default
    return Issuer(
        tuple(given.get("lines", default.lines)),
        str(given.get("symbol", default.symbol)),
        str(given.get("name", default.name)),
        tuple(given.get("signer", default.signer)),
        tuple(given.get("recipients", default.recipients)),
    )


# -- the place and date line ---------------------------------------------------------------------------

LOCALITY_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")


def split_locality(name: str) -> tuple[str, str]:
    """("Tỉnh Điện Biên") -> ("tỉnh", "Điện Biên"); ("", name) when no known word opens it."""
    for word in LOCALITY_WORDS:
        if name.lower().startswith(word + " "):
            return word, name[len(word) + 1 :]
    return "", name


def date_line(place: str, signed_on: date | None) -> str:
    """ "Điện Biên, ngày 04 tháng 7 năm 2017": a day below 10 and the months 1 and 2 take a leading
    zero (36-HD/VPTW [U]); dots for what is not known yet."""
    where = place or "…"
    if signed_on is None:
        return f"{where}, ngày … tháng … năm …"
    month = f"{signed_on.month:02d}" if signed_on.month < 3 else str(signed_on.month)
    return f"{where}, ngày {signed_on.day:02d} tháng {month} năm {signed_on.year}"

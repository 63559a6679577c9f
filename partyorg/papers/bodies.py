"""Who issues a paper: the issuing body of an organization on a day, as a party paper names it.

A paper of the Party names its issuing body top left, under the party organization above it
("ĐẢNG BỘ TỈNH HÒA SƠN / HUYỆN ỦY MƯỜNG KHOA / *"), and its number carries the body's symbol
("125-QĐ/HU"). partyorg knows organizations ("Đảng bộ huyện Mường Khoa"), not their committees, so
the body's name is worded from the organization's name and kind; the officer may change it on the
form. The symbols are those of partyorg's own examples of a legal basis (the demo's "QĐ/TU",
"QĐ/HU", "QĐ/ĐU", "GGT/BTCTU"); RULES.md gives none [U], so they are defaults a deployment may
replace (``PARTYORG_PAPERS["symbols"]``, keyed by the body's opening words).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from partyorg.organizations.models import Organization, OrgKind
from partyorg.organizations.queries import path as org_path
from partyorg.organizations.queries import version_on

# The organization's words and its committee's, longest first: "Đảng bộ huyện X" is led by the
# "Huyện ủy X", "Đảng bộ xã X" by the "Đảng ủy xã X".
COMMITTEE_WORDS: tuple[tuple[str, str], ...] = (
    ("Đảng bộ tỉnh", "Tỉnh ủy"),
    ("Đảng bộ thành phố", "Thành ủy"),
    ("Đảng bộ huyện", "Huyện ủy"),
    ("Đảng bộ quận", "Quận ủy"),
    ("Đảng bộ thị xã", "Thị ủy"),
    ("Đảng bộ", "Đảng ủy"),
)

# The body's symbol by the opening words of its name [U]: partyorg's examples, not a rule.
SYMBOLS: dict[str, str] = {
    "Tỉnh ủy": "TU",
    "Thành ủy": "ThU",
    "Huyện ủy": "HU",
    "Quận ủy": "QU",
    "Thị ủy": "TXU",
    "Đảng ủy Khối": "ĐUK",
    "Đảng ủy": "ĐU",
    "Chi bộ": "CB",
    "Ban Tổ chức": "BTC",
}

# Kinds whose committee issues papers: those above the grassroots decide (QĐ 29 §4.3.2(b), RULES.md
# §2.2), a grassroots organization authorized to admit decides itself (§4.3.2(a)).
ISSUING_KINDS = frozenset(
    {
        OrgKind.CENTRAL,
        OrgKind.PROVINCE,
        OrgKind.DISTRICT,
        OrgKind.COMMUNE,
        OrgKind.BLOC,
        OrgKind.GRASSROOTS_COMMITTEE,
        OrgKind.GRASSROOTS_CELL,
    }
)
SUPERIOR_KINDS = frozenset(
    {OrgKind.CENTRAL, OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.COMMUNE, OrgKind.BLOC}
)
LOCALITY_WORDS = (
    "tỉnh",
    "thành phố",
    "huyện",
    "quận",
    "thị xã",
    "thị trấn",
    "xã",
    "phường",
    "đặc khu",
    "bản",
    "thôn",
)


def committee_name(name: str) -> str:
    """The committee leading an organization of this name: "Đảng bộ huyện X" → "Huyện ủy X"; a
    name that already names a committee ("Huyện ủy X") or a cell ("Chi bộ X") stays."""
    for organization_words, committee_words in COMMITTEE_WORDS:
        if name.startswith(organization_words + " "):
            return committee_words + name[len(organization_words) :]
    return name


def organization_name(name: str) -> str:
    """The reverse, for the heading above a body: "Tỉnh ủy X" → "Đảng bộ tỉnh X"."""
    for organization_words, committee_words in COMMITTEE_WORDS:
        if name.startswith(committee_words + " "):
            return organization_words + name[len(committee_words) :]
    return name


def symbol_of(body_name: str) -> str:
    symbols: dict[str, str] = {**SYMBOLS, **getattr(settings, "PARTYORG_PAPERS", {}).get("symbols", {})}
    for words in sorted(symbols, key=len, reverse=True):
        if body_name.startswith(words):
            return symbols[words]
    return ""


def place_of(name: str) -> str:
    """The place of the date line from a body's or organization's name: "Đảng ủy xã Nà Tấu" → "Nà Tấu"."""
    rest = name
    for _, committee_words in COMMITTEE_WORDS:
        if rest.startswith(committee_words + " "):
            rest = rest[len(committee_words) + 1 :]
            break
    else:
        if rest.startswith("Chi bộ "):
            rest = rest[len("Chi bộ ") :]
    for word in LOCALITY_WORDS:
        if rest.lower().startswith(word + " "):
            return rest[len(word) + 1 :]
    return rest


@dataclass(frozen=True)
class Body:
    """An issuing body on a day: its organization, its name as a legal basis names the issuer,
    its symbol, the party organization printed above it, and who decides and signs for it."""

    organization: Organization
    kind: str
    name: str  # "Huyện ủy Mường Khoa"
    symbol: str  # "HU"
    heading: str  # "Đảng bộ tỉnh Hòa Sơn"; "" for a body with nothing above it
    place: str  # "Mường Khoa"

    @property
    def collective(self) -> str:
        """Who decides: the standing committee above the grassroots (QĐ 29 §4.3.2(b)), the whole
        committee of an authorized grassroots organization (§4.3.2(a)), RULES.md §2.2."""
        if self.kind in SUPERIOR_KINDS:
            return f"Ban Thường vụ {self.name}"
        return self.name

    @property
    def on_behalf(self) -> str:
        """The first line of the signature block: "T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY", "T/M CHI BỘ"."""
        if self.kind in SUPERIOR_KINDS:
            return "T/M BAN THƯỜNG VỤ"
        return "T/M CHI BỘ" if self.name.startswith("Chi bộ") else "T/M ĐẢNG ỦY"


def body_of(org: Organization, on: date, *, name: str = "", symbol: str = "") -> Body:
    """The issuing body of ``org`` on ``on`` (a name or symbol given replaces the worded one)."""
    version = version_on(org, on)
    if version is None:
        raise ValueError(f"{org.code} không tồn tại vào ngày {on:%d/%m/%Y}")
    name = name or committee_name(version.name)
    parent = version_on(version.parent, on) if version.parent_id else None  # type: ignore[arg-type]
    return Body(
        organization=org,
        kind=version.kind,
        name=name,
        symbol=symbol or symbol_of(name),
        heading=organization_name(parent.name) if parent else "",
        place=_place(org, on) or place_of(name),
    )


def _place(org: Organization, on: date) -> str:
    """The locality the organization (or the nearest above it) answers for, without its word."""
    for version in reversed(org_path(org, on)):
        if version.locality_id and version.locality is not None:
            return place_of(version.locality.name)
    return ""


def issuers_for(org: Organization, on: date) -> list[Organization]:
    """The organizations above ``org`` on ``on`` (itself included) whose committee may issue its
    member's papers, nearest first."""
    return [v.organization for v in reversed(org_path(org, on)) if v.kind in ISSUING_KINDS]


def default_issuer(org: Organization, on: date, *, grassroots: bool = False) -> Organization | None:
    """The body that issues by default: the nearest committee above the grassroots (the one that
    decides admissions, QĐ 29 §4.3.2(b), and after 01/07/2025 gives the transfer letters, QĐ 294
    §6.3.1, RULES.md §2.2, §2.7); with ``grassroots``, the nearest grassroots organization (a
    temporary transfer letter: RULES.md is silent on who gives it [U])."""
    wanted = ISSUING_KINDS - SUPERIOR_KINDS if grassroots else SUPERIOR_KINDS
    for version in reversed(org_path(org, on)):
        if version.kind in wanted:
            return version.organization
    issuers = issuers_for(org, on)
    return issuers[0] if issuers else None

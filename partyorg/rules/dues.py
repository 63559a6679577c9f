"""Party dues (đảng phí), RULES.md §4, and the non-payment ground for removal, §2.9.

Two regimes, chosen by the month's first day (never by a setting):

* Quyết định 342-QĐ/TW (Bộ Chính trị, 28/12/2010), months 04/2011 – 01/2026 (RULES.md §4.2);
* Quy định 01-QĐ/TW (Bộ Chính trị khóa XIV, 03/02/2026), from 02/2026 (RULES.md §4.1), with the step of
  the minimum-wage percentages on 01/01/2028.

:func:`monthly_due` takes a month, the member's dues basis in force that month (category, amount,
region) and the previous month's, the facts of the person it needs (birth date, sex, official, the
day net party age reaches 50 years) and a relief decision, and returns a :class:`DuesDue` that says
which rule, which rate and which base gave the amount (``explanation``, Vietnamese). It never reads
the database. The [P]/[U] numbers (regional minimum wage, retirement age, QĐ 342 fixed amounts,
rounding…) come from :mod:`partyorg.rules.dues_config`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partyorg.rules import dues_config
from partyorg.rules._dates import add_months, completed_months, fmt
from partyorg.rules.base import Confidence, Rule, RuleViolation
from partyorg.rules.documents import CHARTER, QD_29, RULES_MD, Document
from partyorg.rules.party_age import Gap, date_reaching

# -- the documents (RULES.md §0.1, §4) ------------------------------------------------------------

_BCT = "Bộ Chính trị"
QD_09_2001 = Document("Quyết định 09-QĐ/TW", date(2001, 9, 24), _BCT)
QD_342 = Document("Quyết định 342-QĐ/TW", date(2010, 12, 28), _BCT)  # in force 01/04/2011
CV_141 = Document("Công văn 141-CV/VPTW", date(2011, 3, 17), "Văn phòng Trung ương Đảng")
QD_01_2026 = Document("Quy định 01-QĐ/TW", date(2026, 2, 3), "Bộ Chính trị khóa XIV")  # from 01/02/2026

V, P, U = Confidence.VERIFIED, Confidence.PARTIAL, Confidence.UNVERIFIED

# -- the categories (values stored by partyorg.dues.models.DuesCategory) ---------------------------

CIVIL_SERVANT = "civil_servant"
ENTERPRISE = "enterprise"
SICK_MATERNITY = "sick_maternity"
PENSIONER = "pensioner"
STUDENT = "student"
FARMER = "farmer"
OTHER = "other"
ABROAD = "abroad"
CATEGORIES = (CIVIL_SERVANT, ENTERPRISE, SICK_MATERNITY, PENSIONER, STUDENT, FARMER, OTHER, ABROAD)
# The labels are marked for translation but stay plain strings (other modules read them); the refusals
# and explanations below translate the ones they name.
CATEGORY_LABELS = {
    CIVIL_SERVANT: gettext_noop(
        "cán bộ, công chức, viên chức, lực lượng vũ trang (hưởng lương, đóng BHXH bắt buộc)"
    ),
    ENTERPRISE: gettext_noop(
        "người lao động trong doanh nghiệp, đơn vị sự nghiệp (hưởng lương, đóng BHXH bắt buộc)"
    ),
    SICK_MATERNITY: gettext_noop("nghỉ ốm đau, thai sản hưởng trợ cấp bảo hiểm xã hội"),
    PENSIONER: gettext_noop("hưởng lương hưu (không đóng BHXH bắt buộc)"),
    STUDENT: gettext_noop("học sinh, sinh viên"),
    FARMER: gettext_noop("nông dân (không đóng BHXH bắt buộc, không hưởng lương hưu)"),
    OTHER: gettext_noop("đảng viên khác trong nước (không đóng BHXH bắt buộc, không hưởng lương hưu)"),
    ABROAD: gettext_noop("đảng viên ở ngoài nước"),
}
INSURED = frozenset({CIVIL_SERVANT, ENTERPRISE})  # pay on a salary
NEEDS_AMOUNT = frozenset({CIVIL_SERVANT, ENTERPRISE, SICK_MATERNITY, PENSIONER})
NEEDS_REGION = frozenset({FARMER, OTHER})  # from 02/2026: % of the regional minimum wage
REGIONS = (1, 2, 3, 4)
REGION_LABELS = {
    1: gettext_noop("vùng I"),
    2: gettext_noop("vùng II"),
    3: gettext_noop("vùng III"),
    4: gettext_noop("vùng IV"),
}

# -- the rules ---------------------------------------------------------------------------------------

REGIME_09 = Rule(
    "dues.regime_09_2001",
    "Chế độ đảng phí theo Quyết định 09-QĐ/TW (mức đóng chưa có trong hệ thống)",
    QD_09_2001.at("", "§0.1, §4.2"),
    U,
    valid_until=date(2011, 4, 1),
)
REGIME_342 = Rule(
    "dues.regime_342",
    "Chế độ đảng phí theo Quyết định 342-QĐ/TW (áp dụng từ 01/04/2011 đến 31/01/2026)",
    QD_342.at("", "§4.2"),
    V,
    valid_from=date(2011, 4, 1),
    valid_until=date(2026, 2, 1),
)
REGIME_01 = Rule(
    "dues.regime_01_2026",
    "Chế độ đảng phí theo Quy định 01-QĐ/TW (áp dụng từ 01/02/2026)",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=date(2026, 2, 1),
)
PAYERS_RULE = Rule(
    "dues.payers",
    "Đảng viên (kể cả đảng viên dự bị) đóng đảng phí hằng tháng",
    QD_01_2026.at("", "§4.1"),
    V,
)
LIABLE_MONTH_RULE = Rule(
    "dues.liable_month",
    "Tháng có ít nhất một ngày là đảng viên thì phải đóng đảng phí tháng đó, tại tổ chức đảng giữ đảng viên "
    "ngày cuối cùng của tháng là đảng viên (diễn giải)",
    RULES_MD.at("§9 mục 10", "§4"),
    U,
)
BASIS_RULE = Rule(
    "dues.basis",
    "Căn cứ tính đảng phí là thu nhập hằng tháng của đảng viên",
    QD_342.at("", "§4.2"),
    V,
)

# QĐ 342 (RULES.md §4.2)
SALARY_342 = Rule(
    "dues.342.civil_servant",
    "Cán bộ, công chức, viên chức: 1% tiền lương hằng tháng (lương ngạch bậc, phụ cấp tính đóng BHXH)",
    QD_342.at("", "§4.2"),
    V,
    valid_from=date(2011, 4, 1),
    valid_until=date(2026, 2, 1),
)
ENTERPRISE_342 = Rule(
    "dues.342.enterprise",
    "Đảng viên trong doanh nghiệp, đơn vị sự nghiệp: 1% tiền lương và các khoản phụ cấp tính đóng BHXH",
    QD_342.at("", "§4.2"),
    V,
    valid_from=date(2011, 4, 1),
    valid_until=date(2026, 2, 1),
)
SICK_MATERNITY_342 = Rule(
    "dues.342.sick_maternity",
    "Đảng viên nghỉ ốm đau, thai sản: 1% trợ cấp BHXH như thu nhập hằng tháng (diễn giải)",
    QD_342.at("", "§4.2"),
    U,
    valid_from=date(2011, 4, 1),
    valid_until=date(2026, 2, 1),
)
PENSION_342 = Rule(
    "dues.342.pensioner",
    "Đảng viên hưởng lương hưu: 0,5% mức lương hưu",
    QD_342.at("", "§4.2"),
    V,
    valid_from=date(2011, 4, 1),
    valid_until=date(2026, 2, 1),
)
FIXED_342 = Rule(
    "dues.342.fixed",
    "Đảng viên khác ở trong nước (nông dân, học sinh, sinh viên, khác): từ 2.000 đến 30.000 đồng/tháng "
    "theo đối tượng (mức cụ thể: bảng cấu hình)",
    QD_342.at("", "§4.2"),
    P,
    valid_from=date(2011, 4, 1),
    valid_until=date(2026, 2, 1),
)
PAST_WORKING_AGE_342 = Rule(
    "dues.342.past_working_age",
    "Đảng viên ngoài độ tuổi lao động đóng 50% mức đóng của đảng viên trong độ tuổi lao động",
    QD_342.at("", "§4.2"),
    P,
    valid_from=date(2011, 4, 1),
    valid_until=date(2026, 2, 1),
)
ABROAD_342 = Rule(
    "dues.342.abroad",
    "Đảng viên ở ngoài nước: mức cố định theo đối tượng (mức chưa có trong RULES.md)",
    QD_342.at("", "§4.2, §9 mục 6"),
    U,
    valid_from=date(2011, 4, 1),
    valid_until=date(2026, 2, 1),
)
RELIEF_342 = Rule(
    "dues.342.relief",
    "Miễn, giảm đảng phí theo quyết định của cấp có thẩm quyền (văn bản hướng dẫn chưa có trong RULES.md)",
    CV_141.at("", "§4.2"),
    U,
    valid_from=date(2011, 4, 1),
    valid_until=date(2026, 2, 1),
)

# QĐ 01-QĐ/TW (RULES.md §4.1)
_FROM_2026 = date(2026, 2, 1)
QD_01_FROM = _FROM_2026  # the first day QĐ 01-QĐ/TW applies
_STEP_2028 = date(2028, 1, 1)
INSURED_01 = Rule(
    "dues.01.insured",
    "Đảng viên đóng BHXH bắt buộc: 1% tiền lương làm căn cứ đóng BHXH bắt buộc của tháng trước liền kề",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=_FROM_2026,
)
PREVIOUS_MONTH_FALLBACK_01 = Rule(
    "dues.01.previous_month_fallback",
    "Tháng trước chưa có tiền lương đóng BHXH (mới đóng BHXH): tính trên tiền lương của tháng này "
    "(diễn giải)",
    RULES_MD.at("", "§4.1"),
    U,
    valid_from=_FROM_2026,
)
SICK_MATERNITY_01 = Rule(
    "dues.01.sick_maternity",
    "Đảng viên nghỉ ốm đau, thai sản hưởng trợ cấp BHXH: 1% mức trợ cấp",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=_FROM_2026,
)
PENSION_01 = Rule(
    "dues.01.pensioner",
    "Đảng viên không đóng BHXH bắt buộc, hưởng lương hưu: 0,5% mức lương hưu",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=_FROM_2026,
)
STUDENT_01 = Rule(
    "dues.01.student",
    "Đảng viên là học sinh, sinh viên: 5.000 đồng/tháng",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=_FROM_2026,
)
WORKING_AGE_2026 = Rule(
    "dues.01.working_age_2026",
    "Đảng viên không đóng BHXH bắt buộc, không hưởng lương hưu, chưa đến tuổi nghỉ hưu: 0,3% mức lương tối "
    "thiểu vùng nơi sinh hoạt (đến 31/12/2027)",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=_FROM_2026,
    valid_until=date(2028, 1, 1),
)
WORKING_AGE_2028 = Rule(
    "dues.01.working_age_2028",
    "Đảng viên không đóng BHXH bắt buộc, không hưởng lương hưu, chưa đến tuổi nghỉ hưu: 0,5% mức lương tối "
    "thiểu vùng nơi sinh hoạt (từ 01/01/2028)",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=_STEP_2028,
)
RETIRED_2026 = Rule(
    "dues.01.retirement_age_2026",
    "Đảng viên không đóng BHXH bắt buộc, không hưởng lương hưu, từ tuổi nghỉ hưu: 0,2% mức lương tối thiểu "
    "vùng nơi sinh hoạt (đến 31/12/2027)",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=_FROM_2026,
    valid_until=date(2028, 1, 1),
)
RETIRED_2028 = Rule(
    "dues.01.retirement_age_2028",
    "Đảng viên không đóng BHXH bắt buộc, không hưởng lương hưu, từ tuổi nghỉ hưu: 0,3% mức lương tối thiểu "
    "vùng nơi sinh hoạt (từ 01/01/2028)",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=_STEP_2028,
)
ABROAD_01 = Rule(
    "dues.01.abroad",
    "Đảng viên ở ngoài nước: mức đóng theo đối tượng (mức chưa có trong RULES.md)",
    QD_01_2026.at("", "§4.1, §9 mục 6"),
    U,
    valid_from=_FROM_2026,
)
EXEMPT_50_YEARS_01 = Rule(
    "dues.01.exempt_50_years",
    "Đảng viên có tuổi đảng từ 50 năm trở lên được miễn đóng đảng phí",
    QD_01_2026.at("", "§4.1, §2.4"),
    V,
    valid_from=_FROM_2026,
)
EXEMPT_ON_APPLICATION_01 = Rule(
    "dues.01.exempt_on_application",
    "Miễn đóng đảng phí khi có đơn: hưởng trợ cấp hưu trí xã hội; hộ nghèo, hộ cận nghèo; mắc bệnh hiểm "
    "nghèo theo danh mục của Bộ Y tế",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=_FROM_2026,
)
REDUCTION_01 = Rule(
    "dues.01.reduction",
    "Đảng viên có khó khăn khác: miễn hoặc giảm 30%, 50%, 70% mức đóng, mỗi lần tối đa 12 tháng, khi có đơn",
    QD_01_2026.at("", "§4.1"),
    V,
    valid_from=_FROM_2026,
)
RELIEF_DECIDER_01 = Rule(
    "dues.01.relief_decider",
    "Chi bộ trực thuộc: cấp ủy cấp trên quyết định miễn, giảm; chi bộ cơ sở tự quyết định",
    QD_01_2026.at("", "§4.1"),
    P,
    valid_from=_FROM_2026,
)
MINIMUM_WAGE_TABLE = Rule(
    "dues.minimum_wage_table",
    "Mức lương tối thiểu tháng theo vùng (Nghị định của Chính phủ; bảng cấu hình)",
    RULES_MD.at("Nghị định 293/2025/NĐ-CP", "§4.2"),
    U,
)
RETIREMENT_AGE_TABLE = Rule(
    "dues.retirement_age",
    "Tuổi nghỉ hưu trong điều kiện lao động bình thường theo năm (Bộ luật Lao động; bảng cấu hình)",
    RULES_MD.at("", "§2.8, §4"),
    U,
)
ROUNDING_RULE = Rule(
    "dues.rounding",
    "Làm tròn số tiền đảng phí (bảng cấu hình)",
    RULES_MD.at("", "§4"),
    U,
)
NON_PAYMENT_RULE = Rule(
    "dues.non_payment_removal",
    "Đảng viên không đóng đảng phí ba tháng trong năm không có lý do chính đáng thì chi bộ xem xét, đề nghị "
    "xóa tên",
    QD_29.at("§8.1", "§2.9"),  # Charter Art. 8; unchanged in QĐ 24
    V,
)
NON_PAYMENT_01 = Rule(
    "dues.01.non_payment_removal",
    "Không đóng đảng phí ba tháng trong năm không có lý do chính đáng: chi bộ đề nghị xóa tên",
    QD_01_2026.at("", "§4.1, §2.9"),
    V,
    valid_from=_FROM_2026,
)
NON_PAYMENT_COUNTING = Rule(
    "dues.non_payment_counting",
    "Cách đếm “ba tháng trong năm”: các tháng của năm dương lịch, không cần liên tiếp (diễn giải, có thể cấu "
    "hình)",
    RULES_MD.at("§9", "§2.9"),
    U,
)
CHARTER_NON_PAYMENT = CHARTER.at("Điều 8", "§2.9")

NON_PAYMENT_MONTHS = 3
STUDENT_01_VND = 5_000
FIFTY_YEARS = 50
REDUCTION_PERCENTS_01 = (30, 50, 70, 100)
REDUCTION_MAX_MONTHS_01 = 12

# Relief grounds (values stored by partyorg.dues.models.ReliefGround).
SOCIAL_PENSION = "social_pension"
POOR_HOUSEHOLD = "poor_household"
SERIOUS_ILLNESS = "serious_illness"
HARDSHIP = "hardship"
GROUND_LABELS = {
    SOCIAL_PENSION: gettext_noop("hưởng trợ cấp hưu trí xã hội"),
    POOR_HOUSEHOLD: gettext_noop("hộ nghèo, hộ cận nghèo"),
    SERIOUS_ILLNESS: gettext_noop("mắc bệnh hiểm nghèo theo danh mục của Bộ Y tế"),
    HARDSHIP: gettext_noop("khó khăn khác"),
}
EXEMPTION_GROUNDS_01 = frozenset({SOCIAL_PENSION, POOR_HOUSEHOLD, SERIOUS_ILLNESS})


# -- months ------------------------------------------------------------------------------------------


# Cached: a ledger of a province calls these millions of times on a few dozen months.
@lru_cache(maxsize=4096)
def month_start(day: date) -> date:
    """The first day of ``day``'s month: how partyorg names a month."""
    return day.replace(day=1)


@lru_cache(maxsize=1024)
def month_end(month: date) -> date:
    return add_months(month_start(month), 1) - timedelta(days=1)


@lru_cache(maxsize=1024)
def shift_month(month: date, months: int) -> date:
    return add_months(month_start(month), months)


def months_between(first: date, last: date) -> list[date]:
    """The months from ``first``'s to ``last``'s, both included."""
    found, month = [], month_start(first)
    while month <= last:
        found.append(month)
        month = shift_month(month, 1)
    return found


def month_label(month: date) -> str:
    return f"{month:%m/%Y}"


def vnd(amount: int | Decimal) -> str:
    """``80.000 đ``: the Vietnamese thousands separator."""
    return f"{int(amount):,}".replace(",", ".") + " đ"


def percent_label(rate: Decimal) -> str:
    return f"{rate.normalize():f}".replace(".", ",") + "%"


# -- the facts a computation takes -------------------------------------------------------------------


@dataclass(frozen=True)
class Basis:
    """What a member's dues rest on in a month: category, amount (salary, pension, benefit; for a member
    abroad the monthly dues set for them) and region of the place of attendance (1–4)."""

    category: str
    amount: int | None = None
    region: int | None = None
    from_month: date | None = None  # shown in explanations


@dataclass(frozen=True)
class MemberFacts:
    birth_date: date
    sex: str  # "male" / "female", as members.models.Sex stores it
    official: bool = True
    fifty_years_on: date | None = None  # the day net party age reaches 50 years, when known


@dataclass(frozen=True)
class Relief:
    """An exemption (100) or a reduction (30, 50, 70…) in force in the month."""

    percent: int
    ground: str
    label: str = ""  # the decision, as an officer reads it


@dataclass(frozen=True)
class DuesDue:
    """The amount due for one month and why."""

    month: date
    regime: Rule
    rule: Rule  # the rate rule, or the exemption
    category: str
    base: int | None  # VND the rate applies to (salary, pension, benefit, minimum wage)
    # Says what the base is, in the user's language, when asked: a ledger computes millions of dues
    # and reads the words of a few, so they are not translated up front (see ``base_label``).
    describe_base: Callable[[], str] = field(compare=False, repr=False)
    rate: Decimal | None  # percent; None for a fixed amount
    gross: Decimal  # before relief and rounding
    amount: int  # due, in VND
    relief: Relief | None = None
    relief_rule: Rule | None = None
    also: tuple[Rule, ...] = ()  # tables and interpretations used on the way
    notes: tuple[str, ...] = field(default=())

    @property
    def base_label(self) -> str:
        """``lương hưu tháng 03/2026``: what the rate applies to, or the fixed amount is for."""
        return self.describe_base()

    @property
    def exempt(self) -> bool:
        return self.amount == 0 and (self.rule is EXEMPT_50_YEARS_01 or self.relief is not None)

    @property
    def rules(self) -> tuple[Rule, ...]:
        relief = (self.relief_rule,) if self.relief_rule else ()
        return (self.regime, self.rule, *relief, *self.also)

    def _base_text(self) -> str:
        """``0,3% × 4.960.000 đ (lương tối thiểu vùng II …)`` or ``mức cố định 5.000 đ (…)``."""
        if self.rate is not None and self.base is not None:
            return _("%(rate)s × %(base)s (%(label)s)") % {
                "rate": percent_label(self.rate),
                "base": vnd(self.base),
                "label": self.base_label,
            }
        return _("mức cố định %(amount)s (%(label)s)") % {"amount": vnd(self.gross), "label": self.base_label}

    def _relief_text(self) -> str:
        """``giảm 50% (khó khăn khác, quyết định …)``; empty without a relief."""
        if self.relief is None:
            return ""
        if self.relief.percent >= 100:
            what = _("miễn")
        else:
            what = _("giảm %(percent)s%%") % {"percent": self.relief.percent}
        ground = self.relief.ground
        ground = _(GROUND_LABELS[ground]) if ground in GROUND_LABELS else ground
        if self.relief.label:
            return _("%(what)s (%(ground)s, %(decision)s)") % {
                "what": what,
                "ground": ground,
                "decision": self.relief.label,
            }
        return _("%(what)s (%(ground)s)") % {"what": what, "ground": ground}

    @property
    def explanation(self) -> str:
        """Vietnamese: which rule, which rate, which base, and the relief."""
        # Rule titles and citations stay as written; the words around them are translated.
        values = {"month": month_label(self.month), "citation": self.regime.source.citation}
        if self.rule is EXEMPT_50_YEARS_01:
            text = _("Tháng %(month)s — %(citation)s: miễn đóng (%(rule)s).") % {
                **values,
                "rule": self.rule.title,
            }
            return text + (" " + " ".join(self.notes)).rstrip()
        body = self._base_text()
        if self.rate is not None and self.base is not None:
            body += f" = {vnd(self.gross)}"
        text = _("Tháng %(month)s — %(citation)s: %(rule)s: %(body)s.") % {
            **values,
            "rule": self.rule.title,
            "body": body,
        }
        if self.relief is not None:
            text += " " + _("Được %(relief)s.") % {"relief": self._relief_text()}
        text += " " + _("Phải đóng: %(amount)s.") % {"amount": vnd(self.amount)}
        if self.notes:
            text += " " + " ".join(self.notes)
        return text

    @property
    def formula(self) -> str:
        """The explanation in short, for a roster's line: the rate and the base (or the fixed amount,
        or the exemption), the relief and the notes, formatted as :attr:`explanation` formats them."""
        if self.rule is EXEMPT_50_YEARS_01:
            return "; ".join((_("miễn đóng (%(rule)s)") % {"rule": self.rule.title}, *self.notes))
        parts = [self._base_text()]
        if self.relief is not None:
            parts.append(_("được %(relief)s") % {"relief": self._relief_text()})
        return "; ".join((*parts, *self.notes))


# -- tables --------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def regime_for(month: date) -> Rule:
    """The dues regime of a month, by its first day: QĐ 342 for 04/2011–01/2026, QĐ 01 from 02/2026."""
    first = month_start(month)
    for regime in (REGIME_01, REGIME_342):
        if regime.in_force_on(first):
            return regime
    raise RuleViolation(
        REGIME_09,
        _(
            "Tháng %(month)s thuộc thời kỳ Quyết định 09-QĐ/TW (trước 01/04/2011); hệ thống chưa có "
            "bảng mức đóng của quyết định này."
        )
        % {"month": month_label(first)},
    )


def regional_minimum_wage(region: int, month: date) -> int:
    """The regional monthly minimum wage in force on the month's first day (configurable table, [U])."""
    if region not in REGIONS:
        raise RuleViolation(
            MINIMUM_WAGE_TABLE, _("Vùng lương tối thiểu không hợp lệ: %(region)s.") % {"region": region}
        )
    first = month_start(month)
    rows = [wages for since, wages in dues_config.DEFAULTS.regional_minimum_wage if since <= first]
    if not rows:
        raise RuleViolation(
            MINIMUM_WAGE_TABLE,
            _("Chưa có mức lương tối thiểu vùng áp dụng cho tháng %(month)s.")
            % {"month": month_label(first)},
        )
    return rows[-1][region - 1]


def retirement_age_months(sex: str, year: int) -> int:
    """Retirement age in months for ``sex`` in ``year`` (configurable table, [U])."""
    rows = [row for row in dues_config.DEFAULTS.retirement_age_months if row[0] <= year]
    _, men, women = rows[-1]
    return men if sex == "male" else women


def reached_retirement_age(birth_date: date, sex: str, month: date) -> bool:
    """Whether the member has reached retirement age by the month's last day ([U] table)."""
    end = month_end(month)
    return completed_months(birth_date, end) >= retirement_age_months(sex, end.year)


def fifty_years_on(first_decision_on: date, gaps: Sequence[Gap]) -> date:
    """The day net party age reaches 50 years (RULES.md §2.4: from the first decision, minus gaps)."""
    return date_reaching(first_decision_on, gaps, FIFTY_YEARS)


def exempt_by_party_age(month: date, facts: MemberFacts) -> bool:
    """QĐ 01 [V]: ≥ 50 years of party age exempts, from 02/2026. Party age counts only for official
    members (RULES.md §2.4). [U] which month first: ``dues_config.exempt_from_month_after_50_years``."""
    if not EXEMPT_50_YEARS_01.in_force_on(month_start(month)):
        return False
    if not facts.official or facts.fifty_years_on is None:
        return False
    if dues_config.DEFAULTS.exempt_from_month_after_50_years:
        return facts.fifty_years_on < month_start(month)
    return facts.fifty_years_on <= month_end(month)


def round_vnd(amount: Decimal) -> int:
    """Half up to a multiple of ``dues_config.rounding_vnd`` (default the đồng) — [U]."""
    step = Decimal(dues_config.DEFAULTS.rounding_vnd)
    return int((amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def _fixed_342(category: str) -> int:
    amounts = dict(dues_config.DEFAULTS.fixed_342_vnd)
    return amounts.get(category, amounts.get(OTHER, 0))


# -- the computation -----------------------------------------------------------------------------


def _need_amount(basis: Basis, month: date, what: str) -> int:
    """``what``: the missing amount's name, marked with gettext_noop; translated only on a refusal."""
    if basis.amount is None:
        raise RuleViolation(
            BASIS_RULE,
            _("Tháng %(month)s: đảng viên thuộc đối tượng %(category)s nhưng chưa ghi %(what)s.")
            % {"month": month_label(month), "category": _(CATEGORY_LABELS[basis.category]), "what": _(what)},
        )
    return basis.amount


def _since(basis: Basis) -> str:
    """`` từ tháng 03/2024`` (with its leading space), or nothing without a first month."""
    if not basis.from_month:
        return ""
    return " " + _("từ tháng %(month)s") % {"month": month_label(basis.from_month)}


def monthly_due(
    month: date,
    basis: Basis | None,
    facts: MemberFacts,
    *,
    previous: Basis | None = None,
    relief: Relief | None = None,
) -> DuesDue:
    """The dues of one member for one month, under the regime in force on the month's first day.

    ``basis``: the member's basis in force in the month; ``previous``: the one in force in the month
    before (QĐ 01 takes the insured salary of the previous month). Raises :class:`RuleViolation` when
    the amount cannot be computed (month before 04/2011, no basis, no amount or region recorded).
    """
    month = month_start(month)
    regime = regime_for(month)
    if exempt_by_party_age(month, facts):
        assert facts.fifty_years_on is not None
        return DuesDue(
            month=month,
            regime=regime,
            rule=EXEMPT_50_YEARS_01,
            category=basis.category if basis else "",
            base=None,
            describe_base=str,  # ""
            rate=None,
            gross=Decimal(0),
            amount=0,
            notes=(_("Tuổi đảng đủ 50 năm ngày %(day)s.") % {"day": fmt(facts.fifty_years_on)},),
        )
    if basis is None:
        raise RuleViolation(
            BASIS_RULE,
            _("Tháng %(month)s: chưa ghi đối tượng, căn cứ đóng đảng phí của đảng viên.")
            % {"month": month_label(month)},
        )
    if basis.category not in CATEGORIES:
        raise ValueError(f"unknown dues category: {basis.category!r}")
    due = _due_342(month, basis, facts) if regime is REGIME_342 else _due_01(month, basis, facts, previous)
    return _with_relief(due, relief)


def _due(
    month: date,
    regime: Rule,
    rule: Rule,
    basis: Basis,
    *,
    base: int | None,
    base_label: Callable[[], str],
    rate: Decimal | None,
    gross: Decimal,
    also: tuple[Rule, ...] = (),
    notes: tuple[str, ...] = (),
) -> DuesDue:
    return DuesDue(
        month=month,
        regime=regime,
        rule=rule,
        category=basis.category,
        base=base,
        describe_base=base_label,
        rate=rate,
        gross=gross,
        amount=round_vnd(gross),
        also=also,
        notes=notes,
    )


def _percent(base: int, rate: str) -> Decimal:
    return Decimal(base) * Decimal(rate) / 100


def _due_342(month: date, basis: Basis, facts: MemberFacts) -> DuesDue:
    category = basis.category
    if category in (CIVIL_SERVANT, ENTERPRISE, SICK_MATERNITY):
        rule = {CIVIL_SERVANT: SALARY_342, ENTERPRISE: ENTERPRISE_342, SICK_MATERNITY: SICK_MATERNITY_342}[
            category
        ]
        what = (
            gettext_noop("trợ cấp BHXH hằng tháng")
            if category == SICK_MATERNITY
            else gettext_noop("tiền lương hằng tháng")
        )
        base = _need_amount(basis, month, what)
        return _due(
            month,
            REGIME_342,
            rule,
            basis,
            base=base,
            base_label=lambda: _(what) + _since(basis),
            rate=Decimal(1),
            gross=_percent(base, "1"),
            also=(BASIS_RULE, ROUNDING_RULE),
        )
    if category == PENSIONER:
        base = _need_amount(basis, month, gettext_noop("mức lương hưu"))
        return _due(
            month,
            REGIME_342,
            PENSION_342,
            basis,
            base=base,
            base_label=lambda: _("lương hưu") + _since(basis),
            rate=Decimal("0.5"),
            gross=_percent(base, "0.5"),
            also=(ROUNDING_RULE,),
        )
    if category == ABROAD:
        return _abroad(month, REGIME_342, ABROAD_342, basis)
    # farmers, students, others: a fixed amount by category, half past working age [P]
    fixed = Decimal(_fixed_342(category))
    also: tuple[Rule, ...] = ()
    share: int | None = None
    if reached_retirement_age(facts.birth_date, facts.sex, month):
        share = dues_config.DEFAULTS.past_working_age_share_342_percent
        fixed = fixed * share / 100
        also = (PAST_WORKING_AGE_342, RETIREMENT_AGE_TABLE)

    def label() -> str:
        text = _("mức cho đối tượng %(category)s") % {"category": _(CATEGORY_LABELS[category])}
        if share is not None:
            text += _(", ngoài độ tuổi lao động đóng %(share)s%%") % {"share": share}
        return text

    return _due(
        month,
        REGIME_342,
        FIXED_342,
        basis,
        base=None,
        base_label=label,
        rate=None,
        gross=fixed,
        also=(*also, ROUNDING_RULE),
    )


def _abroad(month: date, regime: Rule, rule: Rule, basis: Basis) -> DuesDue:
    configured = dues_config.DEFAULTS.abroad_monthly_vnd
    amount = (
        configured
        if configured is not None
        else _need_amount(basis, month, gettext_noop("mức đóng được giao"))
    )
    return _due(
        month,
        regime,
        rule,
        basis,
        base=None,
        base_label=lambda: _("mức đóng của đảng viên ở ngoài nước"),
        rate=None,
        gross=Decimal(amount),
    )


def _due_01(month: date, basis: Basis, facts: MemberFacts, previous: Basis | None) -> DuesDue:
    category = basis.category
    if category in INSURED:
        notes: tuple[str, ...] = ()
        also: tuple[Rule, ...] = (ROUNDING_RULE,)
        if previous is not None and previous.category in INSURED and previous.amount is not None:
            base, source, salary_month = previous.amount, previous, shift_month(month, -1)
        else:
            base, source = _need_amount(basis, month, gettext_noop("tiền lương làm căn cứ đóng BHXH")), basis
            salary_month = month
            notes = (_("Tháng trước chưa có tiền lương đóng BHXH: tính trên tiền lương tháng này."),)
            also = (PREVIOUS_MONTH_FALLBACK_01, ROUNDING_RULE)
        return _due(
            month,
            REGIME_01,
            INSURED_01,
            source,
            base=base,
            base_label=lambda: (
                _("tiền lương làm căn cứ đóng BHXH tháng %(month)s") % {"month": month_label(salary_month)}
            ),
            rate=Decimal(1),
            gross=_percent(base, "1"),
            also=also,
            notes=notes,
        )
    if category == SICK_MATERNITY:
        base = _need_amount(basis, month, gettext_noop("mức trợ cấp ốm đau, thai sản"))
        return _due(
            month,
            REGIME_01,
            SICK_MATERNITY_01,
            basis,
            base=base,
            base_label=lambda: _("trợ cấp ốm đau, thai sản tháng %(month)s") % {"month": month_label(month)},
            rate=Decimal(1),
            gross=_percent(base, "1"),
            also=(ROUNDING_RULE,),
        )
    if category == PENSIONER:
        base = _need_amount(basis, month, gettext_noop("mức lương hưu"))
        return _due(
            month,
            REGIME_01,
            PENSION_01,
            basis,
            base=base,
            base_label=lambda: _("lương hưu tháng %(month)s") % {"month": month_label(month)},
            rate=Decimal("0.5"),
            gross=_percent(base, "0.5"),
            also=(ROUNDING_RULE,),
        )
    if category == STUDENT:
        return _due(
            month,
            REGIME_01,
            STUDENT_01,
            basis,
            base=None,
            base_label=lambda: _("học sinh, sinh viên"),
            rate=None,
            gross=Decimal(STUDENT_01_VND),
        )
    if category == ABROAD:
        return _abroad(month, REGIME_01, ABROAD_01, basis)
    # farmers and others outside compulsory insurance, without a pension: % of the regional minimum wage
    if basis.region is None:
        raise RuleViolation(
            BASIS_RULE,
            _("Tháng %(month)s: chưa ghi vùng lương tối thiểu của nơi đảng viên sinh hoạt.")
            % {"month": month_label(month)},
        )
    wage = regional_minimum_wage(basis.region, month)
    retired = reached_retirement_age(facts.birth_date, facts.sex, month)
    step = month >= _STEP_2028
    if retired:
        rule, rate = (RETIRED_2028, "0.3") if step else (RETIRED_2026, "0.2")
    else:
        rule, rate = (WORKING_AGE_2028, "0.5") if step else (WORKING_AGE_2026, "0.3")
    region = basis.region

    def label() -> str:
        age = _("từ tuổi nghỉ hưu") if retired else _("chưa đến tuổi nghỉ hưu")
        return _("lương tối thiểu %(region)s tháng %(month)s, %(age)s") % {
            "region": _(REGION_LABELS[region]),
            "month": month_label(month),
            "age": age,
        }

    return _due(
        month,
        REGIME_01,
        rule,
        basis,
        base=wage,
        base_label=label,
        rate=Decimal(rate),
        gross=_percent(wage, rate),
        also=(MINIMUM_WAGE_TABLE, RETIREMENT_AGE_TABLE, ROUNDING_RULE),
    )


def _with_relief(due: DuesDue, relief: Relief | None) -> DuesDue:
    if relief is None:
        return due
    rule = relief_rule(due.month, relief.ground)
    gross_after = due.gross * Decimal(100 - min(relief.percent, 100)) / 100
    return DuesDue(
        month=due.month,
        regime=due.regime,
        rule=due.rule,
        category=due.category,
        base=due.base,
        describe_base=due.describe_base,
        rate=due.rate,
        gross=due.gross,
        amount=round_vnd(gross_after),
        relief=relief,
        relief_rule=rule,
        also=due.also,
        notes=due.notes,
    )


# -- reliefs -------------------------------------------------------------------------------------


def relief_rule(month: date, ground: str) -> Rule:
    if regime_for(month) is REGIME_342:
        return RELIEF_342
    return EXEMPT_ON_APPLICATION_01 if ground in EXEMPTION_GROUNDS_01 else REDUCTION_01


def check_relief(ground: str, percent: int, first_month: date, last_month: date | None) -> None:
    """Refuse a relief decision that the rule of its months does not allow.

    QĐ 01 (RULES.md §4.1 [V]): a member receiving the social pension allowance, of a poor or near-poor
    household or seriously ill is exempted (100%) on application, for as long as the ground lasts; any
    other hardship gives an exemption or a 30/50/70% reduction of at most 12 months each time.
    QĐ 342: no text on reliefs in RULES.md, so any decision of 1–100% is recorded as decided ([U]).
    A decision cannot span both regimes: record one for each.
    """
    first = month_start(first_month)
    last = month_start(last_month) if last_month else None
    if last is not None and last < first:
        raise RuleViolation(REDUCTION_01, _("Tháng kết thúc miễn, giảm đảng phí trước tháng bắt đầu."))
    if not 0 < percent <= 100:
        raise RuleViolation(
            REDUCTION_01, _("Tỷ lệ miễn, giảm không hợp lệ: %(percent)s%%.") % {"percent": percent}
        )
    regime = regime_for(first)
    if regime is REGIME_342:
        if last is None or regime_for(last) is not REGIME_342:
            raise RuleViolation(
                RELIEF_342,
                _(
                    "Quyết định miễn, giảm theo Quyết định 342-QĐ/TW phải kết thúc trước tháng 02/2026; "
                    "từ tháng 02/2026 ghi quyết định mới theo Quy định 01-QĐ/TW."
                ),
            )
        return
    if ground in EXEMPTION_GROUNDS_01:
        if percent != 100:
            raise RuleViolation(
                EXEMPT_ON_APPLICATION_01,
                _("Đảng viên %(ground)s được miễn (100%%) đóng đảng phí, không phải giảm %(percent)s%%.")
                % {"ground": _(GROUND_LABELS[ground]), "percent": percent},
            )
        return
    if ground != HARDSHIP:
        raise ValueError(f"unknown relief ground: {ground!r}")
    if percent not in REDUCTION_PERCENTS_01:
        raise RuleViolation(
            REDUCTION_01,
            _("Chỉ được miễn hoặc giảm 30%%, 50%%, 70%% mức đóng đảng phí (đề nghị: %(percent)s%%).")
            % {"percent": percent},
        )
    if last is None:
        raise RuleViolation(
            REDUCTION_01, _("Miễn, giảm vì khó khăn phải ghi tháng kết thúc (tối đa 12 tháng).")
        )
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months > REDUCTION_MAX_MONTHS_01:
        raise RuleViolation(
            REDUCTION_01,
            _(
                "Miễn, giảm đảng phí vì khó khăn mỗi lần tối đa 12 tháng; quyết định từ tháng "
                "%(first)s đến tháng %(last)s là %(months)s tháng."
            )
            % {"first": month_label(first), "last": month_label(last), "months": months},
        )


def check_relief_decider(first_month: date, *, member_cell_is_grassroots: bool, decider: str) -> None:
    """QĐ 01 [P]: a subordinate cell's member is relieved by the upper committee; a grassroots cell decides
    for its own members. ``decider``: "self" (the member's cell), "superior" (an ancestor) or "other".
    Off with ``dues_config.check_relief_decider``; not checked for QĐ 342 months."""
    if not dues_config.DEFAULTS.check_relief_decider or regime_for(first_month) is not REGIME_01:
        return
    expected = "self" if member_cell_is_grassroots else "superior"
    if decider != expected:
        if member_cell_is_grassroots:
            message = _("Miễn, giảm đảng phí cho đảng viên của chi bộ này do chi bộ cơ sở tự quyết định.")
        else:
            message = _("Miễn, giảm đảng phí cho đảng viên của chi bộ này do cấp ủy cấp trên quyết định.")
        raise RuleViolation(RELIEF_DECIDER_01, message)


# -- non-payment ---------------------------------------------------------------------------------


def counted_unpaid_months(months: Iterable[int]) -> int:
    """How many of the unpaid months (1–12) of one calendar year count toward the removal ground.

    [U] RULES.md §2.9 (a): distinct months, not necessarily consecutive (default); with
    ``dues_config.non_payment_warning_consecutive_months`` the longest run of consecutive months.
    """
    distinct = sorted(set(months))
    if not dues_config.DEFAULTS.non_payment_warning_consecutive_months:
        return len(distinct)
    longest = run = 0
    previous = None
    for month in distinct:
        run = run + 1 if previous is not None and month == previous + 1 else 1
        longest = max(longest, run)
        previous = month
    return longest


def non_payment_rule(year: int) -> Rule:
    """Charter Art. 8 and QĐ 29 §8.1 [V]; restated by QĐ 01 from 2026 (RULES.md §2.9, §4.1)."""
    return NON_PAYMENT_01 if year >= 2026 else NON_PAYMENT_RULE


def check_non_payment(year: int, months: Iterable[int]) -> None:
    """Warn (raise) when a member has not paid dues for three months of ``year``.

    A ground for the cell to consider removal (xóa tên), not a removal: "without a legitimate reason" is
    the cell's judgement (RULES.md §2.9, §4.1 [V]).
    """
    distinct = sorted(set(months))
    if counted_unpaid_months(distinct) >= NON_PAYMENT_MONTHS:
        listed = ", ".join(f"{m:02d}" for m in distinct)
        raise RuleViolation(
            non_payment_rule(year),
            _(
                "Đảng viên không đóng (đủ) đảng phí %(count)s tháng trong năm %(year)s (tháng %(months)s): "
                "đủ căn cứ để chi bộ xem xét, đề nghị xóa tên nếu không có lý do chính đáng."
            )
            % {"count": len(distinct), "year": year, "months": listed},
        )

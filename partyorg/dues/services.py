"""Recording dues bases, reliefs and payments; correcting and withdrawing them. Each command is one
durable transaction (:func:`partyorg.core.commands.command`) that checks the rules
(``partyorg.rules.dues``) and appends a row; nothing is updated. A correction, a withdrawal and a
cell's collection of a month call ``record_*.within`` (in their own transaction), and so does the
record kit, inside a load's. The bulk appends (``record_bases_bulk``, ``record_payments_bulk``: loads
and the demo) are atomic but not durable: their callers run them inside transactions of their own.

Refusals: :class:`DuesRefused` for a malformed or contradictory entry, :class:`RuleViolation` (with the
rule's Vietnamese message) for an entry a dues rule refuses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partyorg.core import bulk
from partyorg.core.commands import command
from partyorg.core.formats import vn_date
from partyorg.core.models import stamp
from partyorg.core.records import LegalBasis, Refused
from partyorg.dues import summary
from partyorg.dues.models import (
    RECEIPT_NUMBER_LENGTH,
    DuesBasis,
    DuesCategory,
    DuesPayment,
    DuesRelief,
    PaymentChannel,
    ReliefGround,
)
from partyorg.dues.queries import member_months
from partyorg.members.models import MembershipInterval, Person
from partyorg.organizations.models import MEMBER_HOLDING_KINDS, Organization, OrgKind, OrgVersion
from partyorg.organizations.queries import version_on
from partyorg.rules import dues as rules
from partyorg.rules.base import RuleViolation

__all__ = [
    "BasisInput",
    "BasisRow",
    "Collected",
    "DuesRefused",
    "MemberRefused",
    "PaymentInput",
    "PaymentRow",
    "correct_basis",
    "correct_payment",
    "record_bases",
    "record_bases_bulk",
    "record_basis",
    "record_month",
    "record_payment",
    "record_payments",
    "record_payments_bulk",
    "record_relief",
    "withdraw_basis",
    "withdraw_payment",
    "withdraw_relief",
]


CHANNELS = frozenset(PaymentChannel.values)  # read once: a month's collection checks every payment


class DuesRefused(Refused):
    """The entry is malformed or contradicts the records; the message is Vietnamese."""


class MemberRefused(DuesRefused):
    """One member's line of a list is refused (:func:`record_month`); the message names them."""

    def __init__(self, person_id: int, message: str) -> None:
        super().__init__(message)
        self.person_id = person_id


def _month(day: date) -> date:
    return rules.month_start(day)


def _member_during(person: Person, first: date, last: date) -> bool:
    """Whether ``person`` was a member on some day of ``first``–``last`` (both included)."""
    return (
        MembershipInterval.objects.filter(person=person, valid_from__lte=last)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=first))
        .exists()
    )


def _not_a_member(person: Person, month: date) -> str:
    return _("%(name)s không là đảng viên trong tháng %(month)s.") % {
        "name": person.full_name,
        "month": f"{month:%m/%Y}",
    }


def _no_such_org(organization: Organization, day: date) -> str:
    return _("Tổ chức %(code)s không tồn tại vào ngày %(day)s.") % {
        "code": organization.code,
        "day": vn_date(day),
    }


def _not_a_cell(name: str) -> str:
    return _("Đảng phí được thu ở chi bộ; %(name)s không phải chi bộ.") % {"name": name}


def _check_correction(wrong: Any, person: Person, model: type[Any]) -> Any:
    locked = model.objects.select_for_update().get(pk=wrong.pk)
    if locked.person_id != person.pk:
        raise DuesRefused(_("Bản ghi cần sửa không thuộc hồ sơ của người này."))
    if locked.corrections.exists():
        raise DuesRefused(_("Bản ghi này đã được sửa; hãy sửa bản ghi mới nhất."))
    return locked


# -- bases -----------------------------------------------------------------------------------------


def basis_problems(category: str, amount: int | None, region: int | None, from_month: date) -> list[str]:
    """What is wrong with a basis, in Vietnamese (empty when fine); shared with bulk loads."""
    problems = []
    if category not in DuesCategory.values:
        problems.append(_("Đối tượng đóng đảng phí không hợp lệ: %(category)s") % {"category": category})
    if amount is not None and amount < 0:
        problems.append(_("Số tiền làm căn cứ không được âm"))
    if region is not None and region not in rules.REGIONS:
        problems.append(_("Vùng lương tối thiểu không hợp lệ: %(region)s (1–4)") % {"region": region})
    if category in rules.NEEDS_AMOUNT and not amount:
        label = DuesCategory(category).label
        problems.append(
            _("Đối tượng “%(category)s” cần số tiền làm căn cứ (lương, lương hưu, trợ cấp)")
            % {"category": label}
        )
    if category in rules.NEEDS_REGION and region is None and _month(from_month) >= rules.QD_01_FROM:
        problems.append(
            _(
                "Từ tháng 02/2026 đảng viên không đóng BHXH bắt buộc, không hưởng lương hưu đóng theo lương "
                "tối thiểu vùng: cần ghi vùng của nơi sinh hoạt"
            )
        )
    return problems


@command
def record_basis(
    person: Person,
    *,
    from_month: date,
    category: str,
    amount: int | None = None,
    region: int | None = None,
    recorded_by: str,
    note: str = "",
    corrects: DuesBasis | None = None,
    withdrawn: bool = False,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> DuesBasis:
    """Append ``person``'s dues basis from ``from_month`` (any day of it) on."""
    from_month = _month(from_month)
    problems = basis_problems(category, amount, region, from_month)
    if problems:
        raise DuesRefused("; ".join(problems))
    if corrects is not None:
        corrects = _check_correction(corrects, person, DuesBasis)
    elif (
        not MembershipInterval.objects.filter(person=person)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=from_month))
        .exists()
    ):
        raise DuesRefused(
            _("%(name)s không là đảng viên từ tháng %(month)s trở đi.")
            % {"name": person.full_name, "month": f"{from_month:%m/%Y}"}
        )
    basis = DuesBasis.objects.create(
        person=person,
        from_month=from_month,
        category=category,
        amount=amount,
        region=region,
        note=note,
        corrects=corrects,
        withdrawn=withdrawn,
        recorded_by=recorded_by,
        **stamp(uid, recorded_at),
    )
    summary.refresh([person.pk])  # the stored monthly dues, in the same transaction
    return basis


@command
def correct_basis(
    wrong: DuesBasis,
    *,
    recorded_by: str,
    note: str = "",
    from_month: date | None = None,
    category: str | None = None,
    amount: int | None = None,
    region: int | None = None,
) -> DuesBasis:
    """Replace ``wrong`` by the same basis with the given fields changed; ``wrong`` stays in the log."""
    return record_basis.within(
        wrong.person,
        from_month=from_month or wrong.from_month,
        category=category or wrong.category,
        amount=wrong.amount if amount is None else amount,
        region=wrong.region if region is None else region,
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
    )


@command
def withdraw_basis(
    wrong: DuesBasis,
    *,
    recorded_by: str,
    note: str,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> DuesBasis:
    if not note:
        raise DuesRefused(_("Cần ghi lý do hủy căn cứ đóng đảng phí"))
    return record_basis.within(
        wrong.person,
        from_month=wrong.from_month,
        category=wrong.category,
        amount=wrong.amount,
        region=wrong.region,
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
        withdrawn=True,
        recorded_at=recorded_at,
        uid=uid,
    )


# -- reliefs ---------------------------------------------------------------------------------------


def _held_on(person: Person, day: date) -> Organization | None:
    interval = (
        MembershipInterval.objects.filter(person=person, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day))
        .select_related("organization")
        .first()
    )
    return interval.organization if interval else None


def _decider_role(cell: Organization, decider: Organization, on: date) -> str:
    """ "self", "superior" (an ancestor of ``cell`` on ``on``) or "other"."""
    if decider.pk == cell.pk:
        return "self"
    version = version_on(cell, on)
    seen = {cell.pk}
    while version is not None and version.parent_id is not None and version.parent_id not in seen:
        if version.parent_id == decider.pk:
            return "superior"
        seen.add(version.parent_id)
        version = version_on(Organization(pk=version.parent_id), on)
    return "other"


@command
def record_relief(
    person: Person,
    *,
    ground: str,
    percent: int,
    first_month: date,
    last_month: date | None,
    decided_by: Organization,
    legal_basis: LegalBasis,
    recorded_by: str,
    note: str = "",
    corrects: DuesRelief | None = None,
    withdrawn: bool = False,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> DuesRelief:
    """Append an exemption or reduction decided on application (RULES.md §4.1: QĐ 01 [V]/[P])."""
    if ground not in ReliefGround.values:
        raise DuesRefused(_("Lý do miễn, giảm không hợp lệ: %(ground)s") % {"ground": ground})
    if not legal_basis.number:
        raise DuesRefused(_("Cần số quyết định (hoặc nghị quyết) miễn, giảm đảng phí"))
    first_month = _month(first_month)
    last_month = _month(last_month) if last_month else None
    if corrects is not None:
        corrects = _check_correction(corrects, person, DuesRelief)
    if not withdrawn:
        rules.check_relief(ground, percent, first_month, last_month)
        cell = _held_on(person, rules.month_end(first_month)) or _held_on(person, first_month)
        if cell is None:
            raise DuesRefused(_not_a_member(person, first_month))
        version = version_on(cell, first_month) or version_on(cell, rules.month_end(first_month))
        grassroots = version is not None and version.kind == OrgKind.GRASSROOTS_CELL
        rules.check_relief_decider(
            first_month,
            member_cell_is_grassroots=grassroots,
            decider=_decider_role(cell, decided_by, first_month),
        )
    relief = DuesRelief.objects.create(
        person=person,
        ground=ground,
        percent=percent,
        first_month=first_month,
        last_month=last_month,
        decided_by=decided_by,
        **legal_basis.as_fields(),
        note=note,
        corrects=corrects,
        withdrawn=withdrawn,
        recorded_by=recorded_by,
        **stamp(uid, recorded_at),
    )
    summary.refresh([person.pk])  # the stored monthly dues, in the same transaction
    return relief


@command
def withdraw_relief(
    wrong: DuesRelief,
    *,
    recorded_by: str,
    note: str,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> DuesRelief:
    if not note:
        raise DuesRefused(_("Cần ghi lý do hủy quyết định miễn, giảm"))
    assert wrong.decided_by is not None
    return record_relief.within(
        wrong.person,
        ground=wrong.ground,
        percent=wrong.percent,
        first_month=wrong.first_month,
        last_month=wrong.last_month,
        decided_by=wrong.decided_by,
        legal_basis=LegalBasis.of(wrong),
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
        withdrawn=True,
        recorded_at=recorded_at,
        uid=uid,
    )


# -- payments --------------------------------------------------------------------------------------


def payment_problems(
    month: date, amount: int, paid_on: date, channel: str, receipt_number: str = ""
) -> list[str]:
    problems = []
    if len(receipt_number) > RECEIPT_NUMBER_LENGTH:
        problems.append(
            _("Số biên lai, chứng từ dài quá %(n)s ký tự: %(number)s")
            % {"n": RECEIPT_NUMBER_LENGTH, "number": receipt_number}
        )
    if amount <= 0:
        problems.append(_("Số tiền nộp phải lớn hơn 0"))
    if channel not in CHANNELS:
        problems.append(_("Hình thức nộp không hợp lệ: %(channel)s") % {"channel": channel})
    try:
        rules.regime_for(month)
    except RuleViolation as refused:
        problems.append(refused.message)
    return problems


@command
def record_payment(
    person: Person,
    *,
    month: date,
    amount: int,
    paid_on: date,
    organization: Organization,
    recorded_by: str,
    channel: str = PaymentChannel.CASH,
    receipt_number: str = "",
    note: str = "",
    corrects: DuesPayment | None = None,
    withdrawn: bool = False,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> DuesPayment:
    """Append a payment of ``person``'s dues for ``month`` (any day of it), collected by ``organization``,
    with the number of the receipt or voucher given for it (``receipt_number``, when there is one).

    Paying late or in advance is allowed (RULES.md §4.1 [V] for mobile members); paying more than due
    is voluntary and encouraged (§4.1 [V]). The person must be a member on some day of the month.
    """
    month = _month(month)
    receipt_number = receipt_number.strip()
    problems = payment_problems(month, amount, paid_on, channel, receipt_number)
    if problems:
        raise DuesRefused("; ".join(problems))
    if corrects is not None:
        corrects = _check_correction(corrects, person, DuesPayment)
    if not _member_during(person, month, rules.month_end(month)):
        raise DuesRefused(_not_a_member(person, month))
    version = version_on(organization, paid_on)
    if version is None:
        raise DuesRefused(_no_such_org(organization, paid_on))
    if version.kind not in MEMBER_HOLDING_KINDS:
        raise DuesRefused(_not_a_cell(version.name))
    payment = DuesPayment.objects.create(
        person=person,
        organization=organization,
        month=month,
        amount=amount,
        paid_on=paid_on,
        channel=channel,
        receipt_number=receipt_number,
        note=note,
        corrects=corrects,
        withdrawn=withdrawn,
        recorded_by=recorded_by,
        **stamp(uid, recorded_at),
    )
    summary.payment_recorded([person.pk])  # the stored monthly dues, in the same transaction
    return payment


@dataclass(frozen=True)
class Collected:
    """One member's line of a cell's collection for a month (:func:`record_month`): what they paid,
    and the number of the receipt given for it (empty when none)."""

    person: Person
    amount: int
    receipt_number: str = ""


@command
def record_month(
    cell: Organization,
    month: date,
    lines: Sequence[Collected],
    *,
    paid_on: date,
    channel: str,
    recorded_by: str,
) -> list[DuesPayment]:
    """A cell's collection for ``month``: one payment for each member listed, of the amount they
    paid, collected by ``cell`` on ``paid_on``; all or nothing.

    ``cell`` is the organization the caller has checked the user may change on ``paid_on``. Each member
    listed must owe ``month``'s dues to it (its roster of the month, :func:`queries.member_months`),
    once, with an amount above 0: otherwise :class:`MemberRefused` names them and nothing is written.
    A list without a member is refused too: a collection records what was paid, never what was due.
    """
    month = _month(month)
    if not lines:
        raise DuesRefused(_("Chưa ghi số tiền nộp của đảng viên nào."))
    problems = payment_problems(month, 1, paid_on, channel)
    version = version_on(cell, paid_on)
    if version is None:
        problems.append(_no_such_org(cell, paid_on))
    elif version.kind not in MEMBER_HOLDING_KINDS:
        problems.append(_not_a_cell(version.name))
    if problems or version is None:
        raise DuesRefused("; ".join(problems))
    roster = {row.person_id for row in member_months([cell.pk], month, month)}
    seen: set[int] = set()
    for line in lines:
        person = line.person
        if person.pk not in roster:
            raise MemberRefused(
                person.pk,
                _("%(name)s không đóng đảng phí tháng %(month)s ở %(cell)s.")
                % {"name": person.full_name, "month": rules.month_label(month), "cell": version.name},
            )
        if person.pk in seen:
            raise MemberRefused(
                person.pk, _("%(name)s: số tiền được ghi hai lần.") % {"name": person.full_name}
            )
        seen.add(person.pk)
        if line.amount <= 0:
            raise MemberRefused(
                person.pk, _("%(name)s: số tiền nộp phải lớn hơn 0.") % {"name": person.full_name}
            )
    return [
        record_payment.within(
            line.person,
            month=month,
            amount=line.amount,
            paid_on=paid_on,
            organization=cell,
            channel=channel,
            receipt_number=line.receipt_number,
            recorded_by=recorded_by,
        )
        for line in lines
    ]


@command
def correct_payment(
    wrong: DuesPayment,
    *,
    amount: int | None = None,
    receipt_number: str | None = None,
    recorded_by: str,
    note: str = "",
) -> DuesPayment:
    """Replace ``wrong`` by the same payment with the amount or the receipt number given; ``wrong``
    stays in the log."""
    return record_payment.within(
        wrong.person,
        month=wrong.month,
        amount=wrong.amount if amount is None else amount,
        paid_on=wrong.paid_on,
        organization=wrong.organization,
        channel=wrong.channel,
        receipt_number=wrong.receipt_number if receipt_number is None else receipt_number,
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
    )


@command
def withdraw_payment(
    wrong: DuesPayment,
    *,
    recorded_by: str,
    note: str,
    recorded_at: datetime | None = None,
    uid: str | None = None,
) -> DuesPayment:
    """Take ``wrong`` back altogether (entered for the wrong member or month)."""
    if not note:
        raise DuesRefused(_("Cần ghi lý do hủy khoản nộp"))
    return record_payment.within(
        wrong.person,
        month=wrong.month,
        amount=wrong.amount,
        paid_on=wrong.paid_on,
        organization=wrong.organization,
        channel=wrong.channel,
        receipt_number=wrong.receipt_number,
        recorded_by=recorded_by,
        note=note,
        corrects=wrong,
        withdrawn=True,
        recorded_at=recorded_at,
        uid=uid,
    )


# -- many at once, with the checks of the single commands (an import) ------------------------------

CHUNK = 900  # people or organizations asked in one query (SQLite's limit on parameters)


@dataclass(frozen=True)
class BasisInput:
    """A basis for :func:`record_bases`: the arguments of :func:`record_basis` (not a correction)."""

    person: Person
    from_month: date
    category: str
    recorded_by: str
    amount: int | None = None
    region: int | None = None
    note: str = ""
    recorded_at: datetime | None = None
    uid: str | None = None


@dataclass(frozen=True)
class PaymentInput:
    """A payment for :func:`record_payments`: the arguments of :func:`record_payment` (not a
    correction)."""

    person: Person
    organization: Organization
    month: date
    amount: int
    paid_on: date
    recorded_by: str
    channel: str = PaymentChannel.CASH
    receipt_number: str = ""
    note: str = ""
    recorded_at: datetime | None = None
    uid: str | None = None


def _periods(person_ids: Collection[int]) -> dict[int, list[tuple[date, date | None]]]:
    """Each person's membership periods ``[valid_from, valid_until)``, read once for a batch."""
    found: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    listed = sorted(person_ids)
    for start in range(0, len(listed), CHUNK):
        for person_id, first, until in MembershipInterval.objects.filter(
            person_id__in=listed[start : start + CHUNK]
        ).values_list("person_id", "valid_from", "valid_until"):
            found[person_id].append((first, until))
    return found


def _during(periods: Sequence[tuple[date, date | None]], first: date, last: date) -> bool:
    """:func:`_member_during` over periods read beforehand."""
    return any(start <= last and (until is None or until > first) for start, until in periods)


def record_bases(items: Sequence[BasisInput]) -> list[DuesBasis]:
    """Append many bases at once, each checked as :func:`record_basis` checks it (its shape, a member
    from its month on), the membership periods read once; the stored monthly dues made again once for
    the people. All or nothing: a refusal raises (inside the caller's transaction)."""
    periods = _periods({item.person.pk for item in items})
    rows = []
    for item in items:
        from_month = _month(item.from_month)
        problems = basis_problems(item.category, item.amount, item.region, from_month)
        if problems:
            raise DuesRefused("; ".join(problems))
        if not any(until is None or until > from_month for _start, until in periods[item.person.pk]):
            raise DuesRefused(
                _("%(name)s không là đảng viên từ tháng %(month)s trở đi.")
                % {"name": item.person.full_name, "month": f"{from_month:%m/%Y}"}
            )
        rows.append(
            DuesBasis(
                person=item.person,
                from_month=from_month,
                category=item.category,
                amount=item.amount,
                region=item.region,
                note=item.note,
                withdrawn=False,
                recorded_by=item.recorded_by,
                **stamp(item.uid, item.recorded_at),
            )
        )
    bulk.insert(DuesBasis, rows, with_ids=True)
    summary.refresh({item.person.pk for item in items})
    return rows


def record_payments(items: Sequence[PaymentInput]) -> list[DuesPayment]:
    """Append many payments at once, each checked as :func:`record_payment` checks it (its shape, a
    member in its month, collected by a cell that stood on the day paid), the membership periods and
    the cells' versions read once; the stored monthly dues kept for the people once. All or nothing:
    a refusal raises (inside the caller's transaction)."""
    periods = _periods({item.person.pk for item in items})
    versions: dict[int, list[OrgVersion]] = defaultdict(list)
    cells = sorted({item.organization.pk for item in items})
    for start in range(0, len(cells), CHUNK):
        for version in OrgVersion.objects.filter(organization_id__in=cells[start : start + CHUNK]).order_by(
            "id"
        ):
            versions[version.organization_id].append(version)
    rows = []
    for item in items:
        month = _month(item.month)
        receipt_number = item.receipt_number.strip()
        problems = payment_problems(month, item.amount, item.paid_on, item.channel, receipt_number)
        if problems:
            raise DuesRefused("; ".join(problems))
        if not _during(periods[item.person.pk], month, rules.month_end(month)):
            raise DuesRefused(_not_a_member(item.person, month))
        held = next((v for v in versions[item.organization.pk] if v.holds_on(item.paid_on)), None)
        if held is None:
            raise DuesRefused(_no_such_org(item.organization, item.paid_on))
        if held.kind not in MEMBER_HOLDING_KINDS:
            raise DuesRefused(_not_a_cell(held.name))
        rows.append(
            DuesPayment(
                person=item.person,
                organization=item.organization,
                month=month,
                amount=item.amount,
                paid_on=item.paid_on,
                channel=item.channel,
                receipt_number=receipt_number,
                note=item.note,
                withdrawn=False,
                recorded_by=item.recorded_by,
                **stamp(item.uid, item.recorded_at),
            )
        )
    bulk.insert(DuesPayment, rows, with_ids=True)
    summary.payment_recorded({item.person.pk for item in items})
    return rows


# -- bulk (loads and the demo) ---------------------------------------------------------------------


@dataclass(frozen=True)
class BasisRow:
    person_id: int
    from_month: date
    category: str
    amount: int | None = None
    region: int | None = None


@dataclass(frozen=True)
class PaymentRow:
    person_id: int
    organization_id: int
    month: date
    amount: int
    paid_on: date
    channel: str = PaymentChannel.CASH
    receipt_number: str = ""


def record_bases_bulk(
    rows: Iterable[BasisRow], *, recorded_by: str, recorded_at: datetime | None = None
) -> int:
    """Append many bases at once, each checked for shape (:func:`basis_problems`) and, as
    :func:`record_basis` checks it, that its person is a member in its first month or after (their
    membership periods read in one query): a basis the single command would refuse is never written
    in bulk, so a file exported from the records loads back. All or nothing."""
    import uuid

    rows = list(rows)
    last_day: dict[int, date | None] = {}  # the end of each person's last membership period (None: open)
    for person_id, until in MembershipInterval.objects.filter(
        person_id__in={row.person_id for row in rows}
    ).values_list("person_id", "valid_until"):
        known = last_day.get(person_id, date.min)
        last_day[person_id] = None if until is None or known is None else max(known, until)
    at = recorded_at or timezone.now()
    prepared = []
    for row in rows:
        month = _month(row.from_month)
        problems = basis_problems(row.category, row.amount, row.region, month)
        until = last_day.get(row.person_id, date.min)
        if until is not None and until <= month:
            problems.append(_("không là đảng viên từ tháng %(month)s trở đi") % {"month": f"{month:%m/%Y}"})
        if problems:
            raise DuesRefused(
                _("Người %(person)s: %(problems)s")
                % {"person": row.person_id, "problems": "; ".join(problems)}
            )
        prepared.append(
            (
                uuid.uuid4(),
                row.person_id,
                month,
                row.category,
                row.amount,
                row.region,
                "",
                None,
                False,
                at,
                recorded_by,
            )
        )
    names = (
        "uid", "person_id", "from_month", "category", "amount", "region", "note", "corrects_id", "withdrawn",
        "recorded_at", "recorded_by",
    )  # fmt: skip
    with transaction.atomic():
        written = bulk.insert_rows(DuesBasis, names, prepared)
        summary.refresh({row[1] for row in prepared})
        return written


def record_payments_bulk(
    rows: Iterable[PaymentRow], *, recorded_by: str, recorded_at: datetime | None = None
) -> int:
    """Append many payments at once, each checked for shape (:func:`payment_problems`), not against
    the membership intervals: for loads whose people the caller knows to be members. All or nothing."""
    import uuid

    at = recorded_at or timezone.now()
    prepared = []
    for row in rows:
        month = _month(row.month)
        problems = payment_problems(month, row.amount, row.paid_on, row.channel, row.receipt_number)
        if problems:
            raise DuesRefused(
                _("Người %(person)s, tháng %(month)s: %(problems)s")
                % {"person": row.person_id, "month": f"{month:%m/%Y}", "problems": "; ".join(problems)}
            )
        prepared.append(
            (
                uuid.uuid4(), row.person_id, row.organization_id, month, row.amount, row.paid_on,
                row.channel, row.receipt_number, "", None, False, at, recorded_by,
            )
        )  # fmt: skip
    names = (
        "uid", "person_id", "organization_id", "month", "amount", "paid_on", "channel", "receipt_number",
        "note", "corrects_id", "withdrawn", "recorded_at", "recorded_by",
    )  # fmt: skip
    with transaction.atomic():
        written = bulk.insert_rows(DuesPayment, names, prepared)
        summary.payment_recorded({row[1] for row in prepared})
        return written

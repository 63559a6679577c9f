"""Party dues (đảng phí), RULES.md §4: what each member's dues rest on, the reliefs decided, and the
payments each cell records.

* :class:`DuesBasis` — a member's category (salaried, pensioner, student, farmer, abroad, …), the amount
  the rate applies to (salary used for social insurance, pension, benefit) and the minimum-wage region of
  the place of attendance, *from a month on*. The basis in force in a month is the latest one starting
  that month or before. A new situation is a new row; a wrong row is answered by a row that ``corrects``
  it (``withdrawn`` to take it back).
* :class:`DuesRelief` — an exemption (100%) or reduction (30/50/70%) decided on application, for a range
  of months, with its legal basis and the deciding organization. The ≥ 50-years exemption is not
  recorded: it follows from party age (``partyorg.rules.dues``).
* :class:`DuesPayment` — what a member paid for a month, where (the collecting cell), when and how,
  with the number of its receipt or voucher when there is one.
  Several rows for one month add up (paying in two instalments, paying more than due); a correction is a
  new row replacing the wrong one.

What is *due* is never stored: it is computed from the rules of the month and the basis in force
(``partyorg.dues.queries``). All three tables are append-only (database triggers).
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, LegalBasisFields, RecordedFields
from partyorg.members.models import MembershipInterval
from partyorg.organizations.models import valid_on
from partyorg.rules import dues as rules


class DuesCategory(models.TextChoices):
    """Member categories of QĐ 342 (RULES.md §4.2) and QĐ 01-QĐ/TW (§4.1); values as in ``rules.dues``."""

    CIVIL_SERVANT = rules.CIVIL_SERVANT, _("Cán bộ, công chức, viên chức, lực lượng vũ trang")
    ENTERPRISE = rules.ENTERPRISE, _("Người lao động trong doanh nghiệp, đơn vị sự nghiệp")
    SICK_MATERNITY = rules.SICK_MATERNITY, _("Nghỉ ốm đau, thai sản hưởng trợ cấp BHXH")
    PENSIONER = rules.PENSIONER, _("Hưởng lương hưu")
    STUDENT = rules.STUDENT, _("Học sinh, sinh viên")
    FARMER = rules.FARMER, _("Nông dân")
    OTHER = rules.OTHER, _("Đảng viên khác (không đóng BHXH bắt buộc, không hưởng lương hưu)")
    ABROAD = rules.ABROAD, _("Đảng viên ở ngoài nước")


class Region(models.IntegerChoices):
    """Minimum-wage regions (vùng lương tối thiểu) of the place where the member attends."""

    I = 1, _("Vùng I")  # noqa: E741 - the region's Roman numeral
    II = 2, _("Vùng II")
    III = 3, _("Vùng III")
    IV = 4, _("Vùng IV")


class ReliefGround(models.TextChoices):
    SOCIAL_PENSION = rules.SOCIAL_PENSION, _("Hưởng trợ cấp hưu trí xã hội")
    POOR_HOUSEHOLD = rules.POOR_HOUSEHOLD, _("Hộ nghèo, hộ cận nghèo")
    SERIOUS_ILLNESS = rules.SERIOUS_ILLNESS, _("Mắc bệnh hiểm nghèo theo danh mục của Bộ Y tế")
    HARDSHIP = rules.HARDSHIP, _("Khó khăn khác")


class PaymentChannel(models.TextChoices):
    CASH = "cash", _("Nộp tiền mặt tại chi bộ")
    PORTAL = "portal", _("Cổng Dịch vụ công Quốc gia")


class DuesBasis(Correctable, RecordedFields):
    """A member's dues basis from ``from_month`` (the first day of a month) on. Never updated."""

    scope_path = "person"  # whose it is (Scope.record)
    scope_day = "from_month"
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="dues_bases")
    from_month = models.DateField(_("từ tháng"))
    category = models.CharField(_("đối tượng"), max_length=20, choices=DuesCategory.choices)
    # VND: salary used for social insurance, pension or benefit; for a member abroad, the monthly dues set.
    amount = models.PositiveBigIntegerField(_("số tiền làm căn cứ (đồng)"), null=True, blank=True)
    region = models.PositiveSmallIntegerField(_("vùng lương tối thiểu"), choices=Region.choices, null=True)

    class Meta:
        verbose_name = _("căn cứ đóng đảng phí")
        verbose_name_plural = _("căn cứ đóng đảng phí")
        indexes = [models.Index(fields=["person", "from_month"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()} từ {self.from_month:%m/%Y}"


class DuesRelief(Correctable, LegalBasisFields, RecordedFields):
    """An exemption (``percent`` = 100) or a reduction decided for ``first_month``–``last_month``
    (``last_month`` empty: while the ground lasts). Never updated."""

    person = models.ForeignKey("members.Person", models.PROTECT, related_name="dues_reliefs")
    ground = models.CharField(_("lý do"), max_length=20, choices=ReliefGround.choices)
    percent = models.PositiveSmallIntegerField(_("tỷ lệ miễn, giảm (%)"))
    first_month = models.DateField(_("từ tháng"))
    last_month = models.DateField(_("đến tháng"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "organizations.Organization", models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("miễn, giảm đảng phí")
        verbose_name_plural = _("miễn, giảm đảng phí")
        indexes = [models.Index(fields=["person", "first_month"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_month__isnull=True)
                | models.Q(last_month__gte=models.F("first_month")),
                name="dues_relief_month_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_ground_display()} {self.percent}% từ {self.first_month:%m/%Y}"

    _owner: tuple[int | None, date | None]

    def scope_owner(self) -> tuple[int | None, date | None]:
        """Whose it is (``Scope.record``): the cell that held the member in its first month, whose
        dues it changed (at the month's end, else on its first day), on the month's last day."""
        if not hasattr(self, "_owner"):
            day = rules.month_end(self.first_month)
            held = None
            for on in (day, self.first_month):
                held = (
                    MembershipInterval.objects.filter(valid_on(on), person_id=self.person_id)
                    .values_list("organization_id", flat=True)
                    .first()
                )
                if held is not None:
                    break
            self._owner = (held, day)
        return self._owner


RECEIPT_NUMBER_LENGTH = 30


class DuesPayment(Correctable, RecordedFields):
    """What a member paid for ``month``, recorded by the collecting cell. Never updated."""

    scope_path = "organization"  # whose it is (Scope.record)
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="dues_payments")
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="+")
    month = models.DateField(_("tháng"))  # the first day of the month paid for
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    paid_on = models.DateField(_("ngày nộp"))
    channel = models.CharField(
        _("hình thức nộp"), max_length=10, choices=PaymentChannel.choices, default=PaymentChannel.CASH
    )
    # The number of the receipt the cell gave, or of the portal's payment voucher; empty when none.
    receipt_number = models.CharField(
        _("số biên lai, chứng từ"), max_length=RECEIPT_NUMBER_LENGTH, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("đảng phí đã nộp")
        verbose_name_plural = _("đảng phí đã nộp")
        indexes = [
            models.Index(fields=["person", "month"]),
            models.Index(fields=["organization", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%m/%Y}: {self.amount}"


class DuesMonth(models.Model):
    """Derived: one member-month owed, as :func:`partyorg.dues.queries.member_months` computes it
    (who owes it to which organization, the amount due, exempt or not computable) with the payments
    in force for it. The stored monthly due of the README: the province's figures of a half-year
    add up these rows in the database instead of applying the rules to 200.000 member-months.

    Kept current in the same transaction as every write it depends on (``partyorg.dues.summary``):
    a basis, relief or payment recorded, and a member's derived rows refreshed (a membership event,
    a reorganization that moved them, a correction of their person record). Held for the months
    ``DuesCoverage`` names; rebuilt from the records at any time."""

    person = models.ForeignKey("members.Person", models.DO_NOTHING, related_name="+", db_constraint=False)
    month = models.DateField()
    # The organization owed (an id, not a relation: a figure filters by thousands of them at once,
    # and Django prepares every value of a relation's list one by one).
    organization_id = models.BigIntegerField()
    official = models.BooleanField()
    due = models.BigIntegerField(null=True)  # VND; None: it cannot be computed (no basis, …)
    exempt = models.BooleanField()
    paid = models.BigIntegerField(default=0)  # every payment in force for the month, whenever made
    last_paid_on = models.DateField(null=True)  # the latest day one of those was paid
    short = models.BigIntegerField(default=0)  # due (0 when not computed) less paid, when above 0

    class Meta:
        indexes = [
            models.Index(fields=["month", "organization_id"]),
            # the few rows a figure reads one by one: paid after its day, or short of the due
            models.Index(fields=["month", "last_paid_on"], name="duesmonth_paid_late"),
            models.Index(
                fields=["month", "organization_id"], condition=models.Q(short__gt=0), name="duesmonth_short"
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="duesmonth_once")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%m/%Y}: {self.due}/{self.paid}"


class DuesOrgMonth(models.Model):
    """Derived: the :class:`DuesMonth` rows of one organization and month added up, moved by the
    difference whenever those rows change. A province's half-year is ~20.000 of these."""

    organization_id = models.BigIntegerField()  # an id, as DuesMonth's
    month = models.DateField()
    due = models.BigIntegerField(default=0)
    paid = models.BigIntegerField(default=0)
    toward = models.BigIntegerField(default=0)  # Σ min(paid, due): paid toward the amounts due

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "organization_id"], name="duesorgmonth_once")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%m/%Y}: {self.due}/{self.paid}"


class DuesCoverage(models.Model):
    """The months :class:`DuesMonth` holds (one row, or none before the first dues record): from the
    first month of any basis, relief or payment to December of the year after the one it was built."""

    first_month = models.DateField()
    last_month = models.DateField()

    def __str__(self) -> str:
        return f"{self.first_month:%m/%Y}–{self.last_month:%m/%Y}"

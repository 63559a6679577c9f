from __future__ import annotations

from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import count
from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person
from partyorg.core.formats import vn_date


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Đảng viên đang công tác giữ mối liên hệ với nơi cư trú (QĐ 213): giới thiệu về nơi cư trú "
            "(tie), nhận xét hằng năm (comment), danh sách và người chưa có nhận xét (list)"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.meetings.models import TieCategory

        parser.add_argument("action", choices=["tie", "comment", "list"])
        parser.add_argument("--person", help=_("mã hồ sơ đảng viên"))
        parser.add_argument("--org", help=_("mã chi bộ nơi cư trú (tie) hoặc tổ chức (list)"))
        parser.add_argument("--category", choices=TieCategory.values, default=TieCategory.REGULAR)
        parser.add_argument("--address", default="", help=_("nơi cư trú"))
        parser.add_argument(
            "--on", type=parse_date, help=_("từ ngày (tie), ngày nhận xét (comment), ngày xem (list)")
        )
        parser.add_argument("--end", type=parse_date, help=_("kết thúc mối liên hệ từ ngày này (tie)"))
        parser.add_argument("--year", type=count, help=_("năm nhận xét"))
        parser.add_argument("--content", default="", help=_("nội dung nhận xét"))
        parser.add_argument("--sent", type=parse_date, help=_("ngày gửi nhận xét về chi bộ nơi công tác"))
        parser.add_argument("--missing", action="store_true", help=_("chỉ người chưa có nhận xét của --year"))
        parser.add_argument(
            "--side",
            choices=["work", "residence"],
            default="work",
            help=_("--org là nơi công tác (work) hay nơi cư trú (residence)"),
        )
        parser.add_argument("--note", default="", help=_("ghi chú"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.meetings.services import MeetingRefused
        from partyorg.rules.base import RuleViolation

        try:
            getattr(self, f"do_{options['action']}")(options)
        except (MeetingRefused, RuleViolation) as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    def do_tie(self, options: dict[str, Any]) -> None:
        from partyorg.meetings.queries import ties_in_force
        from partyorg.meetings.services import end_residence_tie, tie_residence

        person = find_person(options["person"])
        if options["end"] is not None:
            tie = ties_in_force().filter(person=person, ended_on__isnull=True).first()
            if tie is None:
                raise CommandError(_("Đảng viên này không có mối liên hệ nào đang có hiệu lực"))
            ended = end_residence_tie(
                tie,
                ended_on=options["end"],
                legal_basis=self.legal_basis(options),
                recorded_by=self.recorded_by(options),
                note=options["note"],
            )
            self.stdout.write(_("Đã ghi kết thúc mối liên hệ %(uid)s") % {"uid": ended.uid})
            return
        if options["on"] is None or options["org"] is None:
            raise CommandError(_("Thiếu --org hoặc --on"))
        tie = tie_residence(
            person,
            find_org(options["org"]),
            started_on=options["on"],
            category=options["category"],
            address=options["address"],
            legal_basis=self.legal_basis(options),
            recorded_by=self.recorded_by(options),
            note=options["note"],
        )
        self.stdout.write(_("Đã ghi mối liên hệ với nơi cư trú %(uid)s") % {"uid": tie.uid})

    def do_comment(self, options: dict[str, Any]) -> None:
        from partyorg.meetings.queries import ties_in_force
        from partyorg.meetings.services import record_residence_comment

        person = find_person(options["person"])
        if options["year"] is None or options["on"] is None:
            raise CommandError(_("Thiếu --year hoặc --on"))
        tie = ties_in_force().filter(person=person).order_by("-started_on").first()
        if tie is None:
            raise CommandError(_("Đảng viên này chưa có mối liên hệ với nơi cư trú"))
        comment = record_residence_comment(
            tie,
            year=options["year"],
            commented_on=options["on"],
            content=options["content"],
            sent_on=options["sent"],
            recorded_by=self.recorded_by(options),
        )
        self.stdout.write(
            _("Đã ghi nhận xét năm %(year)s: %(uid)s") % {"year": comment.year, "uid": comment.uid}
        )

    def do_list(self, options: dict[str, Any]) -> None:
        from datetime import date

        from partyorg.meetings.queries import comments_in_force, missing_comments, ties_of
        from partyorg.organizations.models import OrgVersion, valid_on
        from partyorg.reports.statistics.scope import subtree_on

        org = find_org(options["org"])
        if org is None:
            raise CommandError(_("Thiếu --org"))
        year = options["year"]
        on = options["on"] or (date(year, 12, 31) if year else None)
        if on is None:
            raise CommandError(_("Thiếu --on hoặc --year"))
        org_ids = subtree_on(org, on)
        if options["missing"]:
            if year is None:
                raise CommandError(_("--missing cần --year"))
            rows = missing_comments(org_ids, year, side=options["side"])
        else:
            rows = ties_of(org_ids, on, side=options["side"])
        commented = (
            set(comments_in_force().filter(year=year).values_list("tie__person_id", flat=True))
            if year
            else set()
        )
        wanted = {work for _, work in rows} | {tie.residence_organization_id for tie, _ in rows}
        org_names = dict(
            OrgVersion.objects.filter(valid_on(on), organization_id__in=wanted).values_list(
                "organization_id", "name"
            )
        )
        for tie, work in sorted(rows, key=lambda row: row[0].person.full_name):
            mark = ""
            if year:
                mark = _("đã nhận xét") if tie.person_id in commented else _("chưa nhận xét")
            self.stdout.write(
                f"{tie.person.code}  {tie.person.full_name}  "
                + _("công tác: %(work)s; cư trú: %(home)s từ %(since)s")
                % {
                    "work": org_names.get(work, "—") if work else "—",
                    "home": org_names.get(tie.residence_organization_id, tie.residence_organization_id),
                    "since": vn_date(tie.started_on),
                }
                + f"  [{tie.get_category_display()}]"
                + (f"  {mark}" if mark else "")
            )
        self.stdout.write(_("Tổng: %(n)s") % {"n": len(rows)})

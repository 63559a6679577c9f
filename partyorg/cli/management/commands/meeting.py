from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import count
from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org
from partyorg.core.formats import vn_date, vn_number, vn_percent


def parse_status(text: str) -> str:
    """``excused`` / ``unexcused`` / ``present``, or the Vietnamese labels ("vắng có lý do", …)."""
    from partyorg.meetings.models import AttendanceStatus

    folded = text.strip().lower()
    for status in AttendanceStatus:
        if folded in (status.value, str(status.label).lower()):
            return status.value
    short = {"có lý do": "excused", "không lý do": "unexcused", "không có lý do": "unexcused"}
    if folded in short:
        return short[folded]
    raise CommandError(_("Tình trạng không hợp lệ: %(text)s (excused, unexcused, present)") % {"text": text})


def parse_absences(option: str, file: str | None) -> dict[str, tuple[str, str]]:
    """code → (status, reason) from ``--absent CODE:excused[:lý do],CODE2:unexcused`` and/or a CSV file
    of rows ``mã,tình trạng[,lý do]`` (a header row is skipped; rows marked present are ignored)."""
    found: dict[str, tuple[str, str]] = {}
    items: list[list[str]] = [part.split(":", 2) for part in option.split(",") if part.strip()]
    if file:
        with Path(file).open(encoding="utf-8-sig", newline="") as handle:
            rows = [row for row in csv.reader(handle) if row and row[0].strip()]
        if rows and rows[0][0].strip().lower() in ("mã", "ma", "code"):
            rows = rows[1:]
        items.extend(rows)
    for item in items:
        if len(item) < 2:
            raise CommandError(_("Cần dạng MÃ:tình trạng, nhận được: %(item)s") % {"item": ":".join(item)})
        code, status = item[0].strip(), parse_status(item[1])
        if status != "present":
            found[code] = (status, item[2].strip() if len(item) > 2 else "")
    return found


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Sinh hoạt chi bộ: ghi buổi sinh hoạt và điểm danh (add), liệt kê (list), "
            "kiểm tra theo quy định (check)"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.meetings.models import MeetingKind

        parser.add_argument("action", choices=["add", "list", "check"])
        parser.add_argument("--org", required=True, help=_("mã chi bộ (add) hoặc tổ chức (list, check)"))
        parser.add_argument("--kind", choices=MeetingKind.values, default=MeetingKind.REGULAR)
        parser.add_argument("--on", type=parse_date, help=_("ngày sinh hoạt (DD/MM/YYYY)"))
        parser.add_argument("--minutes", type=count, help=_("thời lượng (phút)"))
        parser.add_argument("--agenda", default="", help=_("nội dung sinh hoạt"))
        parser.add_argument("--resolution", default="", help=_("nghị quyết, kết luận"))
        parser.add_argument(
            "--absent",
            default="",
            help=_("người vắng: MÃ:excused[:lý do],MÃ2:unexcused (những người khác có mặt)"),
        )
        parser.add_argument("--attendance-file", help=_("tệp CSV: mã,tình trạng,lý do"))
        parser.add_argument("--from", dest="first_day", type=parse_date, help=_("từ ngày (DD/MM/YYYY)"))
        parser.add_argument("--to", dest="last_day", type=parse_date, help=_("đến ngày (DD/MM/YYYY)"))
        parser.add_argument("--note", default="", help=_("ghi chú"))
        parser.add_argument("--by", default="", help=_("người ghi (mặc định: tên đăng nhập hệ điều hành)"))

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.meetings.services import MeetingRefused

        try:
            getattr(self, f"do_{options['action']}")(options)
        except MeetingRefused as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    def do_add(self, options: dict[str, Any]) -> None:
        from partyorg.meetings.services import Absence, record_meeting
        from partyorg.members.models import Person

        if options["on"] is None or options["minutes"] is None:
            raise CommandError(_("Thiếu --on hoặc --minutes"))
        wanted = parse_absences(options["absent"], options["attendance_file"])
        people = {p.code: p for p in Person.objects.filter(code__in=wanted)}
        unknown = sorted(set(wanted) - set(people))
        if unknown:
            raise CommandError(_("Không tìm thấy người có mã %(code)s") % {"code": ", ".join(unknown)})
        meeting = record_meeting(
            find_org(options["org"]),
            kind=options["kind"],
            held_on=options["on"],
            duration_minutes=options["minutes"],
            agenda=options["agenda"],
            resolution=options["resolution"],
            absences={people[code]: Absence(status, reason) for code, (status, reason) in wanted.items()},
            note=options["note"],
            recorded_by=self.recorded_by(options),
        )
        present = meeting.attendances.filter(status="present").count()
        total = meeting.attendances.count()
        self.stdout.write(
            _("Đã ghi buổi sinh hoạt %(uid)s: có mặt %(present)s/%(total)s")
            % {"uid": meeting.uid, "present": present, "total": total}
        )

    def _scope(self, options: dict[str, Any]) -> tuple[Any, Any]:
        from partyorg.reports.statistics.figures import Period

        if options["first_day"] is None or options["last_day"] is None:
            raise CommandError(_("Thiếu --from hoặc --to"))
        period = Period.between(options["first_day"], options["last_day"])
        return find_org(options["org"]), period

    def do_list(self, options: dict[str, Any]) -> None:
        from django.db.models import Count, Q

        from partyorg.meetings.queries import meetings_in
        from partyorg.organizations.models import OrgVersion, valid_on
        from partyorg.reports.statistics.scope import subtree_on

        org, period = self._scope(options)
        org_ids = subtree_on(org, period.closing_day)
        names = dict(
            OrgVersion.objects.filter(valid_on(period.closing_day), organization_id__in=org_ids).values_list(
                "organization_id", "name"
            )
        )
        rows = (
            meetings_in(org_ids, period.start, period.end)
            .annotate(
                total=Count("attendances"),
                present=Count("attendances", filter=Q(attendances__status="present")),
            )
            .order_by("held_on", "organization_id", "pk")
        )
        for m in rows:
            self.stdout.write(
                f"{m.uid}  {vn_date(m.held_on)}  {names.get(m.organization_id, m.organization_id)}  "
                f"{m.get_kind_display()}  {m.duration_minutes} phút  "
                + _("có mặt %(present)s/%(total)s")
                % {"present": m.present, "total": m.total}
            )

    def do_check(self, options: dict[str, Any]) -> None:
        from partyorg.meetings.findings import absence_findings, meeting_findings
        from partyorg.reports.statistics.meetings import meeting_figures
        from partyorg.reports.statistics.scope import subtree_on

        org, period = self._scope(options)
        org_ids = subtree_on(org, period.closing_day)
        findings = meeting_findings(org_ids, period.start, period.end)
        for year in range(period.start.year, period.closing_day.year + 1):
            findings += absence_findings(org_ids, year)
        for finding in findings:
            self.stdout.write(f"[{finding.code}] {finding.period}  {finding.message}")
        figures = meeting_figures(org, period)
        rate = figures.attendance
        self.stdout.write(
            _(
                "Chi bộ sinh hoạt thường kỳ đủ các tháng: %(every)s/%(cells)s; buổi sinh hoạt: %(meetings)s; "
                "tỷ lệ dự sinh hoạt: %(rate)s (%(present)s/%(expected)s); "
                "đảng viên vắng không lý do 3 tháng trong năm: %(warned)s"
            )
            % {
                "every": vn_number(figures.cells_every_regular.value),
                "cells": vn_number(figures.cells.value),
                "meetings": vn_number(figures.meetings.value),
                "rate": vn_percent(rate.share) if rate.share is not None else "—",
                "present": vn_number(rate.present),
                "expected": vn_number(rate.expected),
                "warned": vn_number(figures.absence_warnings.value),
            }
        )
        if not findings:
            self.stdout.write(_("Không có vi phạm."))

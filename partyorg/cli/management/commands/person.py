from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.core.formats import vn_date, vn_number


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Một người vào một ngày: đảng viên hay không, tổ chức, tuổi đảng, huy hiệu, hạn cần làm"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help=_("mã hồ sơ, số thẻ đảng viên hoặc số định danh"))
        parser.add_argument("--on", type=parse_date, help=_("tại ngày (DD/MM/YYYY), mặc định hôm nay"))
        parser.add_argument("--history", action="store_true", help=_("in cả quá trình (mọi sự kiện)"))
        parser.add_argument("--json", action="store_true", help=_("in dạng JSON cho máy"))
        parser.add_argument(
            "--export",
            type=Path,
            metavar="TỆP.xlsx",
            help=_(
                "ghi mọi dữ liệu partyorg lưu về người này vào tệp .xlsx, cho chính người đó "
                "(Nghị định 13/2023/NĐ-CP); được ghi vào nhật ký truy cập"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db.models import Q

        from partyorg.accounts.models import ReadKind
        from partyorg.accounts.reads import log_read
        from partyorg.members.models import EventKind, Person
        from partyorg.members.queries import person_on

        code = options["code"]
        person = Person.objects.filter(Q(code=code) | Q(card_number=code) | Q(identity_number=code)).first()
        if person is None:
            raise CommandError(_("Không tìm thấy người có mã %(code)s") % {"code": code})
        if options["export"] is not None:
            self._export(person, options["export"])
            return
        on: date = options["on"] or timezone.localdate()
        log_read("person", ReadKind.PERSON, person=person, on=on)
        answer = person_on(person, on)
        age = answer.party_age
        rows: list[tuple[str, str]] = [
            (_("Họ và tên"), person.full_name),
            (_("Ngày sinh"), vn_date(person.birth_date)),
            (_("Tại ngày"), vn_date(on)),
            (
                _("Tình trạng"),
                answer.status_label
                + (_(" (đang chuyển sinh hoạt, chưa trình giấy)") if answer.in_transit else ""),
            ),
            (_("Tổ chức đảng"), answer.organization.name if answer.organization else ""),
            (
                _("Nơi sinh hoạt tạm thời"),
                answer.temporary_organization.name
                if answer.temporary_organization
                else answer.temporary_place,
            ),
            (_("Miễn công tác và sinh hoạt"), _("Có") if answer.is_exempt else ""),
            (_("Đình chỉ sinh hoạt"), _("Có") if answer.is_suspended else ""),
            (_("Ngày quyết định kết nạp lần đầu"), vn_date(answer.first_decision_on)),
            (
                _("Tuổi đảng"),
                _("%(y)s năm %(m)s tháng %(d)s ngày") % {"y": age.years, "m": age.months, "d": age.days}
                if age
                else "",
            ),
            (_("Ngày công nhận chính thức"), vn_date(answer.recognition_due_on)),
            (
                _("Huy hiệu tiếp theo"),
                _("%(n)s năm: đến hạn %(due)s, sớm nhất %(early)s")
                % {
                    "n": answer.next_badge.milestone,
                    "due": vn_date(answer.next_badge.due_on),
                    "early": vn_date(answer.next_badge.earliest_on),
                }
                if answer.next_badge
                else "",
            ),
        ]
        for deadline in answer.deadlines:
            state = _("QUÁ HẠN") if deadline.overdue else _("hạn")
            rows.append((deadline.title, f"{state} {vn_date(deadline.due_on)}"))
        if options["json"]:
            self.stdout.write(json.dumps(dict(rows), ensure_ascii=False, indent=2))
        else:
            for label, value in rows:
                if value:
                    self.stdout.write(f"{label:<32} {value}")
        if options["history"]:
            self.stdout.write("")
            for event in person.events.order_by("effective_on", "id"):
                corrected = _(" [đã được sửa]") if event.corrections.exists() else ""
                basis = f" — {event.legal_basis}" if event.legal_basis else ""
                detail = f" ({event.detail})" if event.detail else ""
                if event.kind == EventKind.OPENED:  # a member from before the records: the days known
                    days = {
                        "admitted": event.admitted_on,
                        "ceremony": event.ceremony_on,
                        "recognized": event.recognized_on,
                    }
                    detail += _(
                        " (kết nạp %(admitted)s, lễ kết nạp %(ceremony)s, công nhận %(recognized)s)"
                    ) % {name: vn_date(day) if day else _("chưa rõ") for name, day in days.items()}
                self.stdout.write(
                    f"{vn_date(event.effective_on)}  {event.get_kind_display()}{detail}{basis}"
                    f"  ({event.uid}){corrected}"
                )

    def _export(self, person: Any, path: Path) -> None:
        from partyorg.accounts.models import ReadKind
        from partyorg.accounts.reads import log_read
        from partyorg.accounts.stamps import stamp_of
        from partyorg.exchange.person_file import write_person_file

        if path.suffix.lower() != ".xlsx":
            raise CommandError(_("Tệp xuất phải có đuôi .xlsx: %(path)s") % {"path": path})
        what = _("Hồ sơ của %(name)s (%(code)s)") % {"name": person.full_name, "code": person.code}
        stamp = stamp_of("person --export", what=what)
        log_read("person", ReadKind.PERSON_EXPORT, person=person, detail=f"partyorg person --export {path}")
        counts = write_person_file(person, path, stamp, with_cadres=True)
        self.stdout.write(
            _("Đã ghi %(n)s bản ghi về %(name)s vào %(path)s")
            % {"n": vn_number(sum(counts.values())), "name": person.full_name, "path": path}
        )

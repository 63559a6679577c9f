from __future__ import annotations

import json
from datetime import date
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.core.formats import vn_date, vn_number, vn_percent


class Command(OfficerCommand):
    help = cast(
        str, gettext_lazy("Số liệu của một tổ chức tại một ngày; thêm --from/--to để có tăng, giảm trong kỳ")
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["summary", "check"])
        parser.add_argument("--org", required=True, help=_("mã tổ chức"))
        parser.add_argument("--on", type=parse_date, help=_("tại ngày (DD/MM/YYYY), mặc định hôm nay"))
        parser.add_argument("--from", dest="first_day", type=parse_date, help=_("ngày đầu kỳ (DD/MM/YYYY)"))
        parser.add_argument("--to", dest="last_day", type=parse_date, help=_("ngày cuối kỳ (DD/MM/YYYY)"))
        parser.add_argument(
            "--base", type=parse_date, help=_("so sánh số đảng viên với ngày này (DD/MM/YYYY)")
        )
        parser.add_argument(
            "--badges",
            action="store_true",
            help=_("thêm số đảng viên đã đủ tuổi Đảng theo từng mốc Huy hiệu Đảng tại ngày (chậm hơn)"),
        )
        parser.add_argument("--json", action="store_true", help=_("in dạng JSON cho máy"))
        self.add_known_on_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.organizations.models import Organization
        from partyorg.organizations.queries import version_on
        from partyorg.reports.statistics import (
            Period,
            directly_under,
            hamlets_cleared,
            hamlets_on,
            members_flow,
            membership_on,
            organizations_on,
        )

        org = Organization.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(_("Không tìm thấy tổ chức có mã %(code)s") % {"code": options["org"]})
        if options["action"] == "check":
            self.cross_check(org, options)
            return
        on: date = options["on"] or options["last_day"] or timezone.localdate()
        version = version_on(org, on)
        if version is None:
            raise CommandError(
                _("Tổ chức %(code)s không tồn tại vào ngày %(on)s") % {"code": org.code, "on": vn_date(on)}
            )
        stock = membership_on(org, on)
        orgs = organizations_on(org, on)
        figures: dict[str, Any] = {
            "organization": version.name,
            "code": org.code,
            "on": on.isoformat(),
            "members": stock.total.value,
            "probationary": stock.probationary.value,
            "women": stock.women.value,
            "ethnic_minority": stock.ethnic_minority.value,
            "religious": stock.religious.value,
            "exempt": stock.exempt.value,
            "grassroots_committees": orgs.grassroots_committees.value,
            "grassroots_cells": orgs.grassroots_cells.value,
            "sub_committees": orgs.sub_committees.value,
            "subordinate_cells": orgs.cells.value,
            "combined_cells": orgs.combined_cells.value,
            "district_committees": orgs.districts.value,
            "commune_committees": orgs.communes.value,
            "bloc_committees": orgs.blocs.value,
        }
        under = directly_under(org, on)
        figures["directly_under"] = {
            "committees": under.committees.value,
            "cells": under.cells.value,
            "by_kind": {kind: figure.value for kind, figure in under.by_kind.items() if figure.value},
        }
        hamlets = hamlets_on(org, on)
        if hamlets is not None:
            figures["hamlets"] = hamlets.all.value
            figures["hamlets_without_members"] = hamlets.without_members.value
            figures["hamlets_without_own_cell"] = hamlets.without_own_cell.value
            figures["hamlets_without_members_list"] = _named(hamlets.without_members.localities())
            figures["hamlets_without_own_cell_list"] = _named(hamlets.without_own_cell.localities())
        if options["badges"]:
            figures["badges"] = self.badges(org, on)
        figures.update(self.compared(org, on, options["base"]))
        flow = None
        if options["first_day"] or options["last_day"]:
            if not (options["first_day"] and options["last_day"]):
                raise CommandError(_("Cần cả --from và --to"))
            flow = members_flow(org, Period.between(options["first_day"], options["last_day"]))
            figures["period"] = {
                "from": options["first_day"].isoformat(),
                "to": options["last_day"].isoformat(),
                "opening": flow.opening.value,
                "closing": flow.closing.value,
                "in": {k: v.value for k, v in flow.entries.items()},
                "out": {k: v.value for k, v in flow.exits.items()},
                "removed_probationary": flow.removed_probationary.value,
                # form 1's B.2a and C.5a: from and to outside the records (another province)
                "transferred_in_from_outside": flow.transfers_in_from_outside.value,
                "transferred_out_to_outside": flow.transfers_out_to_outside.value,
                "identity_holds": flow.identity_holds,
            }
            if hamlets is not None:
                period = Period.between(options["first_day"], options["last_day"])
                figures["period"]["hamlets_cleared"] = hamlets_cleared(org, period).value
        if options["known_on"]:
            figures["known_on"] = options["known_on"].isoformat()  # as known at the end of that day
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        n = vn_number
        self.stdout.write(_("%(name)s — tại ngày %(on)s") % {"name": version.name, "on": vn_date(on)})
        self.stdout.write(
            _("Đảng viên: %(m)s, trong đó dự bị %(p)s, nữ %(w)s, dân tộc thiểu số %(e)s")
            % {
                "m": n(stock.total.value),
                "p": n(stock.probationary.value),
                "w": n(stock.women.value),
                "e": n(stock.ethnic_minority.value),
            }
        )
        self.stdout.write(
            _(
                "Tổ chức cơ sở đảng: %(g)s (%(c)s đảng bộ cơ sở, %(s)s chi bộ cơ sở); "
                "%(sc)s đảng bộ bộ phận; %(cells)s chi bộ trực thuộc"
            )
            % {
                "g": n(orgs.grassroots),
                "c": n(orgs.grassroots_committees.value),
                "s": n(orgs.grassroots_cells.value),
                "sc": n(orgs.sub_committees.value),
                "cells": n(orgs.cells.value),
            }
        )
        self.print_levels(figures)
        if hamlets is not None:
            self.stdout.write(
                _("Thôn, bản chưa có đảng viên: %(x)s/%(t)s; chưa có chi bộ riêng: %(y)s/%(t)s")
                % {
                    "x": n(hamlets.without_members.value),
                    "y": n(hamlets.without_own_cell.value),
                    "t": n(hamlets.all.value),
                }
            )
            # Named here: the hamlets without members, the few a province works to clear; those
            # without their own cell (every hamlet of a combined cell) are named in the JSON only.
            if unlived := figures["hamlets_without_members_list"]:
                names = ", ".join(f"{h['name']} ({h['code']})" for h in unlived)
                self.stdout.write(_("  Chưa có đảng viên: %(names)s") % {"names": names})
        if "badges" in figures:
            self.print_badges(figures["badges"])
        self.print_compared(figures)
        if flow is not None:
            from partyorg.reports.statistics.flows import ENTRY_LABELS, EXIT_LABELS

            self.stdout.write(
                _("Kỳ %(a)s – %(b)s: đầu kỳ %(o)s, cuối kỳ %(c)s")
                % {
                    "a": vn_date(options["first_day"]),
                    "b": vn_date(options["last_day"]),
                    "o": n(flow.opening.value),
                    "c": n(flow.closing.value),
                }
            )
            for reason, figure in flow.entries.items():
                if figure.value:
                    self.stdout.write(f"  + {ENTRY_LABELS[reason]}: {n(figure.value)}")
            period_figures = figures["period"]
            if period_figures["transferred_in_from_outside"]:
                self.stdout.write(
                    _("    trong đó chuyển đến từ ngoài đảng bộ (B.2a): %(n)s")
                    % {"n": n(period_figures["transferred_in_from_outside"])}
                )
            for reason, figure in flow.exits.items():
                if figure.value:
                    self.stdout.write(f"  − {EXIT_LABELS[reason]}: {n(figure.value)}")
            if period_figures["transferred_out_to_outside"]:
                self.stdout.write(
                    _("    trong đó chuyển đi ra ngoài đảng bộ (C.5a): %(n)s")
                    % {"n": n(period_figures["transferred_out_to_outside"])}
                )
            if "hamlets_cleared" in figures["period"]:
                self.stdout.write(
                    _("  Xóa thôn, bản chưa có đảng viên: %(n)s")
                    % {"n": n(figures["period"]["hamlets_cleared"])}
                )
            check = _("khớp") if flow.identity_holds else _("KHÔNG KHỚP")
            self.stdout.write(_("Cuối kỳ = đầu kỳ + tăng − giảm: %(check)s") % {"check": check})

    def badges(self, org: Any, on: date) -> dict[str, dict[str, int]]:
        """Milestone → members whose net party age has reached it (and no higher one) by ``on``,
        and of them those holding its badge by then."""
        from partyorg.reports.statistics.badges import badges_reached

        found = badges_reached(org, on)
        return {
            str(m): {"reached": figure.value, "awarded": found.awarded[m].value}
            for m, figure in found.reached.items()
        }

    def print_levels(self, figures: dict[str, Any]) -> None:
        """The organizations right under this one by kind, and the upper levels of its subtree."""
        from partyorg.organizations.models import OrgKind

        n = vn_number
        under = figures["directly_under"]
        kinds = "; ".join(
            f"{n(count)} {str(OrgKind(kind).label).lower()}" for kind, count in under["by_kind"].items()
        )
        self.stdout.write(
            _("Trực thuộc: %(c)s đảng bộ, %(k)s chi bộ%(kinds)s")
            % {"c": n(under["committees"]), "k": n(under["cells"]), "kinds": f" ({kinds})" if kinds else ""}
        )
        levels = (
            figures["district_committees"],
            figures["commune_committees"],
            figures["bloc_committees"],
        )
        if any(levels):
            self.stdout.write(
                _(
                    "Cấp trên cơ sở: %(d)s đảng bộ huyện; %(c)s đảng bộ xã, phường, đặc khu; "
                    "%(b)s đảng bộ khối"
                )
                % {"d": n(levels[0]), "c": n(levels[1]), "b": n(levels[2])}
            )

    def print_badges(self, badges: dict[str, dict[str, int]]) -> None:
        n = vn_number
        for milestone, counts in badges.items():
            if counts["reached"]:
                self.stdout.write(
                    _("Đủ %(m)s năm tuổi Đảng: %(r)s đảng viên, đã tặng Huy hiệu %(a)s, chưa tặng %(w)s")
                    % {
                        "m": milestone,
                        "r": n(counts["reached"]),
                        "a": n(counts["awarded"]),
                        "w": n(counts["reached"] - counts["awarded"]),
                    }
                )

    def compared(self, org: Any, on: date, base: date | None) -> dict[str, Any]:
        """The figures set beside entered ones: staff share, target achievement, change since base."""
        from partyorg.reports.statistics.entered import achievement, members_since, share_of_staff

        out: dict[str, Any] = {}
        share = share_of_staff(org, on)
        if share is not None:
            out["staff"] = share.whole
        progress = achievement(org, on)
        if progress is not None:
            out["admission_target"] = {
                "from": progress.target.first_day.isoformat() if progress.target.first_day else None,
                "to": progress.target.last_day.isoformat(),
                "target": progress.target.value,
                "admitted": progress.admitted.value,
            }
        if base is not None:
            out["base"] = {"on": base.isoformat(), "members": members_since(org, on, base).base}
        return out

    def print_compared(self, figures: dict[str, Any]) -> None:
        n = vn_number
        members = figures["members"]
        if "staff" in figures:
            self.stdout.write(
                _("Đảng viên/cán bộ của đơn vị: %(m)s/%(s)s (%(p)s)")
                % {
                    "m": n(members),
                    "s": n(figures["staff"]),
                    "p": vn_percent(100 * members / figures["staff"]),
                }
                if figures["staff"]
                else _("Đảng viên/cán bộ của đơn vị: %(m)s/0") % {"m": n(members)}
            )
        if "admission_target" in figures:
            t = figures["admission_target"]
            percent = vn_percent(100 * t["admitted"] / t["target"]) if t["target"] else "—"
            self.stdout.write(
                _("Kết nạp %(k)s đảng viên từ %(a)s, đạt %(p)s kế hoạch (%(t)s, kỳ %(a)s – %(b)s)")
                % {
                    "a": vn_date(date.fromisoformat(t["from"])),
                    "b": vn_date(date.fromisoformat(t["to"])),
                    "k": n(t["admitted"]),
                    "t": n(t["target"]),
                    "p": percent,
                }
            )
        if "base" in figures:
            base = figures["base"]["members"]
            change = (
                f"{'tăng' if members >= base else 'giảm'} {vn_percent(abs(100 * (members - base) / base), 2)}"
                if base
                else "—"
            )
            self.stdout.write(
                _("So với ngày %(on)s (%(b)s đảng viên): %(change)s")
                % {"on": vn_date(date.fromisoformat(figures["base"]["on"])), "b": n(base), "change": change}
            )

    def cross_check(self, org: Any, options: dict[str, Any]) -> None:
        """Cross-checks of the period's forms, one line each: ✓, ✗, or – for a check that cannot
        apply (as on the reports page), and the reason. Without --from and --to: the last half-year
        over before --on (today by default), the period the reports page opens on."""
        from partyorg.reports.checks import check_report, last_complete_half_year
        from partyorg.reports.statistics import Period

        first_day, last_day = options["first_day"], options["last_day"]
        if first_day is None and last_day is None:
            period = last_complete_half_year(options["on"] or timezone.localdate())
            self.stdout.write(
                _("Kỳ báo cáo: %(first)s – %(last)s")
                % {"first": vn_date(period.start), "last": vn_date(period.closing_day)}
            )
        elif not (first_day and last_day):
            raise CommandError(_("Cần cả --from và --to"))
        else:
            period = Period.between(first_day, last_day)
        checks = check_report(org, period)
        for item in checks:
            self.stdout.write(f"{item.mark} {item.message}")
        failed = sum(item.failed for item in checks)
        skipped = sum(not item.applies for item in checks)
        if skipped:
            self.stdout.write(
                _("%(n)s kiểm tra, %(f)s cần xem lại, %(s)s không áp dụng")
                % {"n": len(checks), "f": failed, "s": skipped}
            )
        else:
            self.stdout.write(_("%(n)s kiểm tra, %(f)s cần xem lại") % {"n": len(checks), "f": failed})


def _named(localities: list[Any]) -> list[dict[str, str]]:
    return [{"code": place.code, "name": place.name} for place in localities]

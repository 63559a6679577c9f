"""What a paper says, worded from the member's record on the day it is signed.

:func:`compose` gathers the facts (name, birth date, where the person lives, the cell, the dates of
the decision, ceremony and recognition, the introducers and the cell's resolution when the
candidate's steps were recorded, the destination of a transfer) and words them the way officers'
papers do: the issuing body top left, "ĐẢNG CỘNG SẢN VIỆT NAM" top right, number, place and date,
the title, the "Căn cứ …" lines of the documents in force that day (:mod:`partyorg.papers.grounds`),
the articles or the letter's paragraphs, "Nơi nhận" and the signature block. The result is plain
data (kept on the :class:`~partyorg.papers.models.Paper`, laid out by
:mod:`partyorg.papers.documents`). Papers are Vietnamese documents whatever the interface
language, so their words are not translated. What the record does not hold is left as a
square-bracketed placeholder ("[Họ và tên]") for the officer to write in the .docx.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from partyorg.committees.queries import leadership_on
from partyorg.members.facts import value_on
from partyorg.members.models import EventKind, ExitGround, FactKind, MembershipEvent, MemberStatus, Person
from partyorg.members.services import timeline_of
from partyorg.organizations.models import Locality, LocalityParent, Organization
from partyorg.organizations.queries import version_on
from partyorg.papers.bodies import Body, committee_name
from partyorg.papers.grounds import grounds_on
from partyorg.papers.models import PaperKind
from partyorg.recruitment.models import CandidateStage, CandidateStep
from partyorg.rules import party_age, transfers
from partyorg.rules.probation import PROBATION_MONTHS

# The event each paper is printed for.
PAPER_OF_EVENT: dict[str, str] = {
    EventKind.ADMISSION_DECIDED: PaperKind.ADMISSION,
    EventKind.READMISSION_DECIDED: PaperKind.ADMISSION,
    EventKind.RECOGNIZED_OFFICIAL: PaperKind.RECOGNITION,
    EventKind.TRANSFER_OUT: PaperKind.TRANSFER,
    EventKind.TEMPORARY_TRANSFER: PaperKind.TEMPORARY_TRANSFER,
    EventKind.REMOVED: PaperKind.REMOVAL,
    EventKind.EXPELLED: PaperKind.EXPULSION,
}
# The symbol of each kind of paper in its number: "QĐ" (quyết định), "GGT" (giấy giới thiệu), as
# partyorg's examples of a legal basis write them ("12-QĐ/ĐU", "23-GGT/BTCTU").
KIND_SYMBOL: dict[str, str] = {
    PaperKind.ADMISSION: "QĐ",
    PaperKind.RECOGNITION: "QĐ",
    PaperKind.TRANSFER: "GGT",
    PaperKind.TEMPORARY_TRANSFER: "GGT",
    PaperKind.REMOVAL: "QĐ",
    PaperKind.EXPULSION: "QĐ",
}
# Papers whose date is the event's own: the decision of admission, removal or expulsion takes effect
# on its day, a transfer letter is dated the day of the introduction (RULES.md §2.14). A recognition
# takes effect at the end of the 12 months and is decided afterwards (§2.3): its date is chosen.
DATED_BY_EVENT = frozenset(
    {
        PaperKind.ADMISSION,
        PaperKind.TRANSFER,
        PaperKind.TEMPORARY_TRANSFER,
        PaperKind.REMOVAL,
        PaperKind.EXPULSION,
    }
)
_AGE = party_age.PARTY_AGE_DECISION_DATE_RULE  # from the day written in the admission decision
TEMPORARY_REASONS = {
    "work_or_residence": "thay đổi nơi cư trú, nơi làm việc",
    "study": "đi học tập trung",
    "abroad": "đi công tác, học tập, chữa bệnh hoặc thăm thân ở nước ngoài",
}


def d(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "[ngày]"


def date_line(place: str, day: date) -> str:
    return f"{place or '…'}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _org_name(org_id: int | None, on: date) -> str:
    if org_id is None:
        return ""
    version = version_on(Organization(pk=org_id), on)
    return version.name if version else ""


def _residence(person: Person, on: date) -> str:
    """The hamlet the person lives in on the day, with the commune above it when recorded."""
    _, locality_id = value_on(person, FactKind.RESIDENCE, on)
    locality = Locality.objects.filter(pk=locality_id).first() if locality_id else None
    if locality is None:
        return ""
    link = (
        LocalityParent.objects.filter(locality=locality)
        .exclude(valid_from__gt=on)
        .exclude(valid_until__lte=on)
        .select_related("parent")
        .first()
    )
    return f"{locality.name}, {link.parent.name}" if link else locality.name


def _steps(person: Person, kind: str) -> list[CandidateStep]:
    """The person's candidate steps of ``kind`` nobody corrected or withdrew, oldest first."""
    return list(
        CandidateStep.objects.filter(candidate__person=person, kind=kind, corrections__isnull=True)
        .select_related("person")
        .order_by("effective_on", "pk")
    )


def _resolution(step: CandidateStep | None, cell: str, what: str) -> str:
    if step is None:
        return f"Xét đề nghị {what} của {cell};"
    number = f" số {step.basis_number}" if step.basis_number else ""
    return f"Xét Nghị quyết{number} ngày {d(step.effective_on)} của {cell} đề nghị {what};"


def signer_of(body: Body, on: date) -> str:
    """The secretary of the issuing organization on the day, when the committees record one."""
    secretary = leadership_on(body.organization, on).secretary
    return secretary.person.full_name if secretary else ""


def compose(
    kind: str, event: MembershipEvent, body: Body, issued_on: date, *, place: str = ""
) -> dict[str, Any]:
    """Every line of the paper of ``kind`` for ``event``, signed by ``body`` on ``issued_on``; the
    number line is left for the register to fill (``{number}``)."""
    person = event.person
    timeline = timeline_of(person)
    day = event.effective_on
    state = timeline.state_on(day)
    before = timeline.state_on(date.fromordinal(day.toordinal() - 1))
    held_org = event.organization_id or state.organization_id or before.organization_id
    cell = _org_name(held_org, day) or _org_name(before.organization_id, day) or "[chi bộ]"
    name = person.full_name
    born = f"sinh ngày {d(person.birth_date)}"
    lives = _residence(person, day)
    where = f", nơi cư trú: {lives}" if lives else ""
    first = timeline.first_decision_on
    ceremony = timeline.last(EventKind.ADMISSION_CEREMONY, before=day)
    recognized = timeline.last(EventKind.RECOGNIZED_OFFICIAL, before=day)
    heading = [line.upper() for line in (body.heading, body.name) if line]
    signer = signer_of(body, issued_on)
    paper: dict[str, Any] = {
        "heading": heading,
        "number_line": "Số {number}",
        "date_line": date_line(place or body.place, issued_on),
        "title": "QUYẾT ĐỊNH",
        "subtitle": "",
        "addressee": "",
        "grounds": [],
        "collective": "",
        "paragraphs": [],
        "recipients": [],
        "on_behalf": body.on_behalf,
        "signer_title": "BÍ THƯ",
        "signer_name": signer or "[Họ và tên]",
        "person": {"code": person.code, "name": name, "birth_date": d(person.birth_date), "cell": cell},
    }
    executors = f"{committee_name(cell)}, {body.name} và đồng chí {name}"
    if kind in (PaperKind.ADMISSION, PaperKind.RECOGNITION, PaperKind.REMOVAL, PaperKind.EXPULSION):
        paper["grounds"] = grounds_on(issued_on, discipline=kind == PaperKind.EXPULSION)
        paper["collective"] = body.collective.upper()
        paper["recipients"] = ["Như Điều 3,", "Lưu hồ sơ đảng viên."]
    if kind == PaperKind.ADMISSION:
        again = event.kind == EventKind.READMISSION_DECIDED
        paper["subtitle"] = "kết nạp lại đảng viên" if again else "kết nạp đảng viên"
        if again and event.consent_number:  # the superior's written consent (RULES.md §2.12)
            consent_day = f" ngày {d(event.consent_date)}" if event.consent_date else ""
            consenting = event.consent_issuer or "[cơ quan]"
            paper["grounds"].append(
                f"Căn cứ Văn bản số {event.consent_number}{consent_day} của {consenting} đồng ý kết nạp lại;"
            )
        resolved = _steps(person, CandidateStage.CELL_RESOLVED)
        paper["grounds"].append(_resolution(resolved[-1] if resolved else None, cell, "kết nạp đảng viên"))
        introducers = [s.person.full_name for s in _steps(person, CandidateStage.INTRODUCER) if s.person]
        first_article = (
            f"Điều 1. Kết nạp {'lại ' if again else ''}{name}, {born}{where}, vào Đảng Cộng sản Việt Nam."
        )
        if introducers:
            first_article += f" Người giới thiệu: đồng chí {' và đồng chí '.join(introducers)}."
        paper["paragraphs"] = [
            first_article,
            f"Điều 2. Đồng chí {name} sinh hoạt tại {cell}; thời gian dự bị {PROBATION_MONTHS} tháng, "
            "kể từ ngày chi bộ tổ chức lễ kết nạp.",
            f"Điều 3. {executors} chịu trách nhiệm thi hành Quyết định này.",
        ]
    elif kind == PaperKind.RECOGNITION:
        paper["subtitle"] = "công nhận đảng viên chính thức"
        proposed = _steps(person, CandidateStage.RECOGNITION_PROPOSED)
        paper["grounds"].append(
            _resolution(proposed[-1] if proposed else None, cell, "công nhận đảng viên chính thức")
        )
        ceremony_on = ceremony.effective_on if ceremony else None
        paper["paragraphs"] = [
            f"Điều 1. Công nhận đồng chí {name}, {born}{where}, vào Đảng ngày {d(first)}, "
            f"lễ kết nạp ngày {d(ceremony_on)}, sinh hoạt tại {cell}, là đảng viên chính thức "
            f"kể từ ngày {d(day)}.",
            f"Điều 2. Tuổi đảng của đồng chí {name} được tính từ ngày {d(first)} "
            f"({_AGE.source.document}, {_AGE.source.section}).",
            f"Điều 3. {executors} chịu trách nhiệm thi hành Quyết định này.",
        ]
    elif kind in (PaperKind.TRANSFER, PaperKind.TEMPORARY_TRANSFER):
        temporary = kind == PaperKind.TEMPORARY_TRANSFER
        paper["title"] = "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" + (" TẠM THỜI" if temporary else "")
        destination = (
            _org_name(event.other_organization_id, day) or event.external_place or "[nơi chuyển đến]"
        )
        paper["addressee"] = f"Kính gửi: {committee_name(destination)}"
        status = MemberStatus(before.status).label.lower() if before.status else "[chính thức/dự bị]"
        card = f"; số thẻ đảng viên: {person.card_number}" if person.card_number else ""
        dossier = f"; số lý lịch đảng viên: {person.dossier_number}" if person.dossier_number else ""
        official_since = (
            f", chính thức ngày {d(recognized.effective_on)}"
            if recognized and before.status == MemberStatus.OFFICIAL
            else ""
        )
        paper["paragraphs"] = [
            f"{body.name} giới thiệu đồng chí {name}, {born}{where}; là đảng viên {status}, "
            f"vào Đảng ngày {d(first)}{official_since}{card}{dossier}; hiện sinh hoạt tại {cell}.",
        ]
        if temporary:
            reason = TEMPORARY_REASONS.get(event.detail, event.detail)
            paper["paragraphs"] += [
                f"Được chuyển sinh hoạt đảng tạm thời đến {destination} kể từ ngày {d(day)}"
                + (f"; lý do: {reason}" if reason else "")
                + "; thời gian sinh hoạt tạm thời: [từ … đến …].",
                "Đảng viên sinh hoạt đảng tạm thời không tính vào đảng số, không biểu quyết, ứng cử, bầu cử "
                "tại tổ chức đảng nơi sinh hoạt tạm thời, và giữ mọi quyền tại tổ chức đảng nơi sinh hoạt "
                "chính thức.",
            ]
        else:
            due = transfers.transfer_report_deadline(issued_on)
            paper["paragraphs"] += [
                f"Được chuyển sinh hoạt đảng chính thức đến {destination} kể từ ngày {d(day)}.",
                f"Đề nghị {committee_name(destination)} tiếp nhận và quản lý. Đồng chí {name} xuất trình "
                f"giấy này tại chi ủy nơi chuyển đến trong 30 ngày làm việc kể từ ngày giới thiệu "
                f"(chậm nhất ngày {d(due)}). Kèm theo hồ sơ đảng viên đã niêm phong.",
            ]
        paper["recipients"] = ["Như trên,", f"{committee_name(cell)},", "Lưu."]
    elif kind == PaperKind.REMOVAL:
        probationary = before.status == MemberStatus.PROBATIONARY
        paper["subtitle"] = "xóa tên đảng viên" + (" dự bị" if probationary else "")
        ground = ExitGround(event.exit_ground).label if event.exit_ground else "[Lý do]"
        paper["grounds"].append(f"Xét đề nghị của {cell};")
        paper["paragraphs"] = [
            f"Điều 1. Xóa tên đồng chí {name}, {born}{where}, sinh hoạt tại {cell}, trong danh sách "
            f"đảng viên{' dự bị' if probationary else ''}, kể từ ngày {d(day)}. Lý do: {ground}.",
            f"Điều 2. {committee_name(cell)} thông báo quyết định này tới đồng chí {name} và thu hồi thẻ "
            "đảng viên (nếu có).",
            f"Điều 3. {executors} chịu trách nhiệm thi hành Quyết định này.",
        ]
    elif kind == PaperKind.EXPULSION:
        paper["subtitle"] = "thi hành kỷ luật bằng hình thức khai trừ"
        ground = ExitGround(event.exit_ground).label if event.exit_ground else "[Nội dung vi phạm]"
        paper["grounds"].append(f"Xét đề nghị của {cell} và [cơ quan kiểm tra];")
        paper["paragraphs"] = [
            f"Điều 1. Thi hành kỷ luật bằng hình thức khai trừ ra khỏi Đảng đối với đồng chí {name}, "
            f"{born}{where}, sinh hoạt tại {cell}, kể từ ngày {d(day)}. Lý do: {ground}.",
            f"Điều 2. Đồng chí {name} có quyền khiếu nại theo quy định của Điều lệ Đảng.",
            f"Điều 3. {executors} chịu trách nhiệm thi hành Quyết định này.",
        ]
    return paper

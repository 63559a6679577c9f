"""The "Căn cứ …" lines of a decision: the governing documents in force on the day it is signed.

Pure and dated, like :mod:`partyorg.rules`: a decision of 30/06/2017 cites Quy định 29-QĐ/TW, one
of 30/06/2026 Quy định 294-QĐ/TW (RULES.md §0.1). The documents come from
:mod:`partyorg.rules.documents` where it lists them; the member-procedure guidance RULES.md §0.1
lists (Hướng dẫn 12-HD/BTCTW 2012, 09-HD/BTCTW 2017, 12-HD/BTCTW 2022) is not there yet and is
written here with RULES.md's dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partyorg.rules.documents import HD_01_2016, HD_01_2021, QD_24, QD_29, QD_69, QD_232, QD_294, Document

_BTCTW = "Ban Tổ chức Trung ương"
HD_12_2012 = Document("Hướng dẫn 12-HD/BTCTW", date(2012, 5, 17), _BTCTW)
HD_09_2017 = Document("Hướng dẫn 09-HD/BTCTW", date(2017, 6, 5), _BTCTW)
HD_12_2022 = Document("Hướng dẫn 12-HD/BTCTW", date(2022, 1, 18), _BTCTW)


@dataclass(frozen=True)
class Ground:
    document: Document
    about: str  # what the document is about, as a decision quotes it
    since: date  # in force from (RULES.md §0.1)
    until: date | None = None  # replaced on that day

    def holds_on(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)

    def line(self) -> str:
        kind, number = self.document.name.rsplit(" ", 1)  # "Quy định", "29-QĐ/TW"
        signed = f", ngày {self.document.signed_on:%d/%m/%Y}" if self.document.signed_on else ""
        return f"Căn cứ {kind} số {number}{signed} của {self.document.issuer} {self.about};"


# The regulation implementing the Charter (RULES.md §0.1, [V]): 29 from 25/07/2016, 24 from
# 30/07/2021, 232 from 20/01/2025, 294 from 01/07/2025. Before 25/07/2016 Quy định 45-QĐ/TW (2011)
# applied; RULES.md gives no date for it [P], so a decision of that time cites the Charter alone.
IMPLEMENTATION = (
    Ground(QD_29, "về thi hành Điều lệ Đảng", QD_29.signed_on or date.min, date(2021, 7, 30)),
    Ground(QD_24, "về thi hành Điều lệ Đảng", date(2021, 7, 30), date(2025, 1, 20)),
    Ground(QD_232, "về thi hành Điều lệ Đảng", date(2025, 1, 20), date(2025, 7, 1)),
    Ground(QD_294, "về thi hành Điều lệ Đảng", date(2025, 7, 1)),
)
# Guidance on the Charter (Ban Bí thư): 2016, then 2021. RULES.md found no successor matching 232
# and 294 [U]: the 2021 guidance is cited after 2025 until one is recorded.
GUIDANCE = (
    Ground(
        HD_01_2016,
        "hướng dẫn một số vấn đề cụ thể thi hành Điều lệ Đảng",
        date(2016, 9, 20),
        date(2021, 9, 28),
    ),
    Ground(HD_01_2021, "hướng dẫn một số vấn đề cụ thể thi hành Điều lệ Đảng", date(2021, 9, 28)),
)
# Member procedures (Ban Tổ chức Trung ương): RULES.md §0.1 [V].
PROCEDURES = (
    Ground(
        HD_12_2012,
        "về một số vấn đề cụ thể nghiệp vụ công tác đảng viên",
        date(2012, 5, 17),
        date(2017, 6, 5),
    ),
    Ground(HD_09_2017, "về nghiệp vụ công tác đảng viên", date(2017, 6, 5), date(2022, 1, 18)),
    Ground(HD_12_2022, "về nghiệp vụ công tác đảng viên", date(2022, 1, 18)),
)
# Discipline (RULES.md §0.1, §2.10 [V]): QĐ 102 from 15/11/2017, QĐ 69 from 06/07/2022 (amended by QĐ
# 264-QĐ/TW of 14/02/2025). RULES.md names no issuer for QĐ 102: the Politburo's, as QĐ 69 names it
# when it replaces it ("Quy định số 102-QĐ/TW ngày 15/11/2017 của Bộ Chính trị khóa XII") [P].
QD_102 = Document("Quy định 102-QĐ/TW", date(2017, 11, 15), QD_69.issuer)
DISCIPLINE = (
    Ground(QD_102, "về xử lý kỷ luật đảng viên vi phạm", date(2017, 11, 15), date(2022, 7, 6)),
    Ground(QD_69, "về kỷ luật tổ chức đảng, đảng viên vi phạm", date(2022, 7, 6)),
)
CHARTER_LINE = "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"


def grounds_on(day: date, *, discipline: bool = False) -> list[str]:
    """The "Căn cứ" lines of a decision signed on ``day``: the Charter, then the implementing
    regulation, the Charter guidance and the member-procedure guidance in force that day; for a
    disciplinary decision (an expulsion) the discipline regulation instead of the procedures."""
    lines = [CHARTER_LINE]
    for family in (IMPLEMENTATION, GUIDANCE, DISCIPLINE if discipline else PROCEDURES):
        lines += [ground.line() for ground in family if ground.holds_on(day)]
    return lines

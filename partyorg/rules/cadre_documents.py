"""The documents of cadre work (công tác cán bộ) the rules cite, RULES.md §11.0.

Kept beside :mod:`partyorg.rules.documents` (the documents of party organization work) as number + date
+ issuer, because numbers restart every term. Where RULES.md gives no signing day the date is None.

``ND_335`` is Nghị định 335/2025/NĐ-CP signed on 21/12/2025, in force 01/01/2026 (RULES.md §11.0): the
state rating of civil servants. :data:`partyorg.rules.documents.ND_335_2025` is the same decree cited
undated as the state mirror of the party's QĐ 366 scale (RULES.md §3.2), whose rules apply from
30/08/2025: a signing day there would make :meth:`~partyorg.rules.base.Rule.known_on` drop them.
"""

from __future__ import annotations

from datetime import date

from partyorg.rules.documents import Document

_BCT = "Bộ Chính trị"
_BTCTW = "Ban Tổ chức Trung ương"
_CP = "Chính phủ"
_QH = "Quốc hội"

# Retirement age (RULES.md §11.10).
LABOUR_CODE_2019 = Document("Bộ luật Lao động 45/2019/QH14", date(2019, 11, 20), _QH)
ND_135_2020 = Document("Nghị định 135/2020/NĐ-CP", date(2020, 11, 18), _CP)  # in force 01/01/2021
ND_83_2022 = Document("Nghị định 83/2022/NĐ-CP", date(2022, 10, 18), _CP)

# Management levels, appointment, nomination, dismissal (RULES.md §11.0, §11.5, §11.7).
QD_105 = Document("Quy định 105-QĐ/TW", date(2017, 12, 19), _BCT)
KL_08 = Document("Kết luận 08-KL/TW", date(2021, 6, 15), _BCT)  # in force 01/08/2021 with HD 06
HD_06_2021 = Document("Hướng dẫn 06-HD/BTCTW", date(2021, 7, 26), _BTCTW)
QD_80 = Document("Quy định 80-QĐ/TW", date(2022, 8, 18), _BCT)
QD_41 = Document("Quy định 41-QĐ/TW", date(2021, 11, 3), _BCT)
QD_148 = Document("Quy định 148-QĐ/TW", date(2024, 5, 23), _BCT)  # temporary suspension; replaced by 377
ND_116_2024 = Document("Nghị định 116/2024/NĐ-CP", None, _CP)  # in force 17/09/2024: ND 138 Art. 68a
QD_377 = Document("Quy định 377-QĐ/TW", date(2025, 10, 8), _BCT)  # replaces QĐ 50, 80, 41, 148
CT_45 = Document("Chỉ thị 45-CT/TW", date(2025, 4, 14), _BCT)
ND_138_2020 = Document("Nghị định 138/2020/NĐ-CP", None, _CP)  # công chức; replaced by ND 170/2025
ND_115_2020 = Document("Nghị định 115/2020/NĐ-CP", None, _CP)  # viên chức; Art. 49 re-appointment
QD_727_BNV = Document("Quyết định 727/QĐ-BNV (2025)", None, "Bộ Nội vụ")

# Planning (RULES.md §11.4).
QD_50 = Document("Quy định 50-QĐ/TW", date(2021, 12, 27), _BCT)
HD_16_2022 = Document("Hướng dẫn 16-HD/BTCTW", date(2022, 2, 15), _BTCTW)

# Rotation (RULES.md §11.6).
QD_98 = Document("Quy định 98-QĐ/TW", date(2017, 10, 7), _BCT)
QD_65 = Document("Quy định 65-QĐ/TW", date(2022, 4, 28), _BCT)

# State ratings (RULES.md §11.3).
ND_56_2015 = Document("Nghị định 56/2015/NĐ-CP (sửa đổi bởi Nghị định 88/2017/NĐ-CP)", None, _CP)
ND_90_2020 = Document("Nghị định 90/2020/NĐ-CP", date(2020, 8, 13), _CP)  # in force 20/08/2020
ND_48_2023 = Document("Nghị định 48/2023/NĐ-CP", date(2023, 7, 17), _CP)  # in force 15/09/2023
ND_335 = Document("Nghị định 335/2025/NĐ-CP", date(2025, 12, 21), _CP)  # in force 01/01/2026

# Training (RULES.md §11.8).
ND_101_2017 = Document("Nghị định 101/2017/NĐ-CP", None, _CP)  # in force 01/09/2017
KL_09 = Document("Kết luận 09-KL/TW (2021)", None, "Ban Bí thư")  # exact date [U] RULES.md §11.16 #8
ND_171_2025 = Document("Nghị định 171/2025/NĐ-CP", date(2025, 6, 30), _CP)  # in force 01/07/2025

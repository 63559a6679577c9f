"""The review report of organization work (báo cáo kết quả công tác tổ chức xây dựng Đảng): the
draft as data (:mod:`.draft`), who issues it and how it is named (:mod:`.naming`), and the text,
Word and PDF it is written to (:mod:`.word`)."""

from partyorg.reports.review.draft import ReviewDraft, Section, UnitRow, draft
from partyorg.reports.review.naming import Issuer, committee_name, issuer_for, party_name, period_name
from partyorg.reports.review.word import PdfUnavailableError, text, write_docx, write_pdf

__all__ = [
    "Issuer",
    "PdfUnavailableError",
    "ReviewDraft",
    "Section",
    "UnitRow",
    "committee_name",
    "draft",
    "issuer_for",
    "party_name",
    "period_name",
    "text",
    "write_docx",
    "write_pdf",
]

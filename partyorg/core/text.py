"""Vietnamese text helpers."""

from __future__ import annotations

import unicodedata


def fold_vi(text: str) -> str:
    """Fold Vietnamese for search without diacritics: "Nguyễn Thị Hường" -> "nguyen thi huong".

    NFD then dropping combining marks leaves "đ" alone (it is a letter, not d + mark), so it is
    mapped by hand, as are runs of spaces.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("đ", "d").replace("Đ", "D").casefold().split())


def nfc(text: str) -> str:
    """Imports arrive in decomposed Unicode as often as composed: store NFC, trimmed."""
    return unicodedata.normalize("NFC", text).strip()

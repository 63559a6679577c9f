"""Numbers and dates the Vietnamese way: ``35.676``, ``53,6%``, ``30/06/2017``."""

from __future__ import annotations

from datetime import date


def vn_number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_percent(value: float, decimals: int = 1) -> str:
    return f"{vn_number(value, decimals)}%"


def vn_date(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""

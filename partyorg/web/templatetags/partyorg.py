"""Numbers and percentages written the Vietnamese way in templates (1.072; 53,6%)."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from partyorg.core.formats import vn_number, vn_percent

register = template.Library()


@register.filter(name="vn")
def vn(value: int | float | None) -> str:
    return "" if value is None else vn_number(value)


@register.filter(name="vn_percent")
def percent(value: float | None) -> str:
    return "—" if value is None else vn_percent(value)


@register.filter
def get_item(mapping: Mapping[object, object], key: object) -> object:
    return mapping.get(key, "")


@register.filter(name="vn2")
def vn2(value: float | None) -> str:
    """Two decimals, the Vietnamese way (105,85)."""
    return "" if value is None else vn_number(value, 2)

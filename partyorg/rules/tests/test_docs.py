"""docs/rules.md is generated from the rule constants; it must not fall behind them."""

from pathlib import Path

from partyorg.rules.__main__ import render

DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_docs_rules_md_is_current():
    assert DOCS.read_text(encoding="utf-8") == render(), "run: python -m partyorg.rules > docs/rules.md"

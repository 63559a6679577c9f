"""The rule registry used to generate docs: RULES.md confidence tags [V]/[P]/[U] on every rule."""

from partyorg.rules import ALL_RULES, Confidence, config
from partyorg.rules.badges import BADGE_45_RULE


def test_every_rule_is_collected_once_with_a_source_and_a_rules_md_section() -> None:
    """RULES.md header: each rule carries its source and a confidence tag."""
    codes = [rule.code for rule in ALL_RULES]
    assert len(codes) == len(set(codes))
    assert len(ALL_RULES) >= 30
    for rule in ALL_RULES:
        assert rule.source.rules_md.startswith("§"), rule.code
        assert rule.title, rule.code
        assert isinstance(rule.confidence, Confidence)


def test_dated_rule_is_in_force_from_its_date() -> None:
    """RULES.md §2.6, QĐ 29-QĐ/TW 25/07/2016 [V]: the 45-year badge rule is dated."""
    assert BADGE_45_RULE in ALL_RULES
    assert BADGE_45_RULE.citation == (
        "Huy hiệu 45 năm tuổi Đảng có từ Quy định 29-QĐ/TW — Quy định 29-QĐ/TW ngày 25/07/2016 [V]"
    )


def test_configure_replaces_defaults_and_rejects_unknown_names() -> None:
    """RULES.md header: [P]/[U] numbers are configurable defaults."""
    updated = config.configure(badge_posthumous_early_months=6)
    assert config.DEFAULTS is updated
    assert updated.badge_posthumous_early_months == 6
    try:
        config.configure(no_such_setting=1)
    except TypeError:
        pass
    else:
        raise AssertionError("unknown setting accepted")

"""The party-card register (sổ phát thẻ đảng viên, RULES.md §2.5): each card issued, reissued,
exchanged or taken back, as a dated record with its legal basis."""

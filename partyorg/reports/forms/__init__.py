"""The official statistical forms (RULES.md §6.2 [P]: codes follow an unofficial reconstruction of
the 2017–2021 forms; HD 11-HD/BTCTW (2021) was not retrieved). Every number comes from
:mod:`partyorg.reports.statistics`; a form only arranges them."""

"""Analysis layer: numbers and verdicts about the data, as tidy frames.

Owns compound growth (:mod:`.growth`), the 2025 goals and what the article lets one compute
about them (:mod:`.targets`) with the reasons for each verdict (:mod:`.goal_reasons`),
projection paths (:mod:`.paths`), tracking against actual figures (:mod:`.actuals`,
:mod:`.tracking`, :mod:`.progress`), sensitivity to the base year (:mod:`.sensitivity`), what
the goals imply (:mod:`.implications`), the checks of report parameters against the data
(:mod:`.parameters`) and the audit of the article's figures against each other with its claim
ledger (:mod:`.audit`).

May import: :mod:`kaili_analysis.data`, ``config`` and ``errors``. It returns keys and
values, never sentences or charts; the Show layer turns them into words.
"""

"""One glossary for the reports, the workbook and the docs: every figure's name and what it means.

A number quoted at the table or in a School Committee packet must mean the same thing in the PDF,
in the workbook a finance analyst pivots and in ``docs/glossary.md``. So every label the report
prints for a figure, every workbook header and every percent convention comes from here, and
``docs/glossary.md`` is generated from this module (a test checks they agree).

Two rules the reader relies on:

* an **in-year** figure (what this fiscal year adds) and a **cumulative** one (the running total
  since the roster date or over the term) never share a name;
* every **percent** names its convention (:data:`CONVENTIONS`): a percent without one invites
  misquoting ("43% above the status quo" of what?).
"""

from __future__ import annotations

from dataclasses import dataclass

# Families of cost that are benefits rather than salary (the roll-up, per-head premiums) and
# unit-level lines that are neither: defined once, with every family, in costing.inputs.vocabulary.
from ..inputs.vocabulary import BENEFIT_FAMILIES, OTHER_FAMILIES

STATUS_QUO = "Status quo"
__all__ = ["BENEFIT_FAMILIES", "CONVENTIONS", "OTHER_FAMILIES", "STATUS_QUO", "TERM", "TERMS", "Convention", "Term",
           "is_benefit", "label", "markdown", "pct_label"]


def is_benefit(family: str) -> bool:
    return family in BENEFIT_FAMILIES


@dataclass(frozen=True)
class Term:
    key: str
    label: str          # the words the report, the workbook and the docs print
    meaning: str        # one or two sentences: what it is and what it is not


@dataclass(frozen=True)
class Convention:
    key: str
    short: str          # printed with every percent: "all-in cost"
    meaning: str


CONVENTIONS: dict[str, Convention] = {c.key: c for c in (
    Convention("all_in", "all-in cost",
               "Salary and benefits, with step movement and longevity: everything the district pays, one-time "
               "payments included."),
    Convention("salary", "salary cost",
               "Salary only (no roll-up or other benefits), with step movement and longevity."),
    Convention("recurring", "recurring cost",
               "All-in cost less one-time and retroactive payments: what carries into the next year."),
    Convention("base_with_steps", "base pay with steps",
               "Base pay from the salary schedules, including step movement, without longevity, stipends or "
               "benefits."),
    Convention("base_fixed", "base pay without steps or longevity",
               "Base pay with everyone held on their roster-date lane and step: the cost of the rate changes alone."),
    Convention("atb_rate", "across-the-board rate",
               "The change in year-end rates with everyone held on their roster-date step: the raise as quoted "
               "in the agreement, not what a year costs."),
    Convention("lift", "year-end rates (lift)",
               "The change in year-end annual base pay (with step movement): what the next year starts from."),
    Convention("share", "share of the total difference",
               "A part of the difference from the status quo as a share of the whole difference."),
    Convention("personal_pay", "each person's pay",
               "One employee's pay (base, longevity, stipends, one-time and retro; no benefits) against the "
               "same person's pay in the prior year."),
    Convention("take_home", "each person's pay less their premium share",
               "One employee's pay (as each person's pay) less the employee's own share of health and other "
               "premiums, against the same in the prior year: a raise and a change in the premium share together."),
)}


def pct_label(what: str, convention: str) -> str:
    """A percent's header: what it is, then its convention: 'Over the status quo % (all-in cost)'."""
    return f"{what} % ({CONVENTIONS[convention].short})"


TERMS: tuple[Term, ...] = (
    Term("status_quo", STATUS_QUO,
         "The roster carried forward under the contract in force: its last rate tables, steps and longevity "
         "still moving, no new raise. Every proposal is compared with it year by year."),
    Term("cost", "Cost",
         "What a fiscal year pays: salary and benefits summed over everyone on the roster, each amount "
         "rounded to the cent."),
    Term("salary", "Salary",
         "Pay to people: base pay, longevity, stipends and differentials, extra pay and paid days, one-time and "
         "retroactive payments."),
    Term("benefits", "Benefits",
         "What the employer pays on top of pay: the roll-up (Medicare, a retirement assessment, as rates of "
         "pay) and per-head premiums (health insurance by plan and tier, the employer's share)."),
    Term("other_costs", "Other costs",
         "Unit-level cost lines that are neither pay to a person nor benefits: class coverage, tuition pools, "
         "a parental-leave allowance."),
    Term("new_money_prior", "New money over the prior year",
         "This fiscal year's cost less the previous year's cost under the same scenario (in-year; the first "
         "year is compared with the same scenario's year before the window, so a proposal that also changes "
         "that year is compared with itself; the status quo's year before is shown as its own figure)."),
    Term("new_money_status_quo", "New money over the status quo",
         "The proposal's cost less the status quo's cost in the same fiscal year (in-year)."),
    Term("cumulative_new_money", "Cumulative new money over the status quo",
         "The running sum of new money over the status quo from the first year costed (cumulative)."),
    Term("term_total", "Over the term",
         "The sum over the fiscal years costed; percents over the term are compounded year on year, or of "
         "the status quo's total where they compare with the status quo."),
    Term("compounded", "Compounded percent",
         "Year-on-year percents chained: 3% then 3.5% then 3.5% compound to 10.3%, not 10%."),
    Term("cost_of_1pct", "Cost of 1%",
         "What a 1% raise on the year's base pay costs, with the roll-up on it. Doubling it does not give "
         "the cost of 2% over several years (compounding)."),
    Term("step_in_year", "Step movement in the year",
         "The part of this year's base-pay increase that comes from people moving up steps during the year "
         "(in-year)."),
    Term("step_cumulative", "Step movement since the roster date",
         "Base pay less base pay with everyone held on their roster-date steps (cumulative: it grows each "
         "year)."),
    Term("rate_changes", "Rate changes over the status quo",
         "Base pay under the proposal's rate tables less base pay under the status quo's, everyone on their "
         "roster-date steps in both (in-year). In a reconciliation it is split into rate changes at full-year "
         "size and the timing of their effective dates."),
    Term("rate_changes_full_year", "Rate changes at full-year size",
         "What the rate changes would cost had each been in force for the whole year."),
    Term("timing", "Timing of effective dates",
         "What the real effective dates add or save against full-year rate changes."),
    Term("annualization", "Annualization into the next year",
         "Year-end annual base pay less the base pay costed in the year: what mid-year changes add to the "
         "next year before any new change."),
    Term("lift", "Lift",
         "The change in year-end annual base pay: what the next year starts from. A raise late in the year "
         "lifts more than it costs that year."),
    Term("headcount", "Headcount",
         "People on the roster and employed on the last day of the fiscal year."),
    Term("fte", "FTE",
         "Full-time equivalents on the last day of the fiscal year (a 0.5 FTE counts a half)."),
    Term("window", "Costing window",
         "The fiscal years the report costs, which may start before or end after the contract term; the "
         "report states both."),
    Term("illustrative", "ILLUSTRATIVE",
         "A figure that depends on an invented rate grid or amount (the document gives none): its size shows "
         "the method, not the district's cost."),
    Term("synthetic", "SYNTHETIC roster",
         "A roster generated from a seeded spec to match the unit's shape; no real people, no real pay."),
)

TERM = {t.key: t for t in TERMS}


def label(key: str) -> str:
    return TERM[key].label


def markdown() -> str:
    """docs/glossary.md, generated from this module (``python -m costing.report.glossary > docs/glossary.md``)."""
    lines = ["# Glossary", "",
             "The words every report, workbook and document of this project uses for its figures. Generated from",
             "`costing/report/glossary.py`, which the notebooks and the workbook read: edit the module, then run",
             "`python -m costing.report.glossary > docs/glossary.md`.", "",
             "In-year figures (what one fiscal year adds) and cumulative figures (a running total) never share",
             "a name. Every percent names its convention.", "",
             "## Terms", "", "| term | meaning |", "| --- | --- |"]
    lines += [f"| {t.label} | {t.meaning} |" for t in TERMS]
    lines += ["", "## Percent conventions", "",
              "Printed after every percent, e.g. `Over the status quo % (all-in cost)`.", "",
              "| convention | meaning |", "| --- | --- |"]
    lines += [f"| {c.short} | {c.meaning} |" for c in CONVENTIONS.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")

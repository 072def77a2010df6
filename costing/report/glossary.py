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
__all__ = ["BENEFIT_FAMILIES", "CONVENTIONS", "FIELD_TERMS", "glossary_items", "OTHER_FAMILIES", "POPULATIONS", "STATUS_QUO", "TERM", "TERMS",
           "Convention", "Population", "Term", "figure_label", "is_benefit", "label", "markdown", "pct_label",
           "population_label"]


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
               "The change in year-end rates with everyone held on their roster-date step: the raise as the "
               "agreement sets it on the grid (percents and flat amounts together), not what a year costs."),
    Convention("quoted", "as quoted",
               "The percent raises the proposal states, by the fiscal year they take effect, chained within a "
               "year (3% then 5% then 5%): what the parties and the press quote. Unknown (n/a) for a year whose "
               "percents differ between groups or whose rates change only by tables or flat amounts."),
    Convention("lift", "year-end annual base pay",
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


@dataclass(frozen=True)
class Population:
    key: str
    short: str          # printed with every rate that measures it: "same group"
    meaning: str


POPULATIONS: dict[str, Population] = {p.key: p for p in (
    Population("budget_line", "budget line",
               "Everyone costed in the year: what the budget pays. Its change over the prior year moves with "
               "retirements, resignations, hires and new positions as well as with pay (the words "
               "Acton-Boxborough's school committee used for it)."),
    Population("same_group", "same group",
               "People employed on every day of the year and of the year before, at the same FTE on both "
               "years' last days: \"a group of teachers moving through the system\". Every rate convention "
               "measures them, so a year of raises never shows a negative rate because people left."),
    Population("leavers", "leavers",
               "People whose last day falls before the end of the year: what their leaving takes off the budget "
               "line (their pay in the year, less the year before)."),
    Population("hires", "hires",
               "People who started after the first day of the year before: what their pay adds."),
    Population("new_positions", "new positions",
               "Positions a contract or proposal creates (not on the roster): their whole cost."),
    Population("fte_changes", "changes in FTE",
               "People employed through both years whose FTE on the year's last day differs from the year before."),
    Population("unit_lines", "other costs",
               "Costs that are no one person's pay (the cost lines of a contract): pools, counts of leaves or "
               "covered periods."),
    Population("full_year", "employed all year",
               "People employed on every day of the year (the population of the annualization)."),
    Population("stated", "as stated in the proposal",
               "No population: a figure the proposal states (the quoted raise)."),
)}


def pct_label(what: str, convention: str, population: str | None = None) -> str:
    """A rate's header: what it is, then its population and convention:
    'Increase % (same group: across-the-board rate)', 'Over the status quo % (all-in cost)'."""
    if population is None or population == "stated":
        return f"{what} % ({CONVENTIONS[convention].short})"
    return f"{what} % ({POPULATIONS[population].short}: {CONVENTIONS[convention].short})"


MEASURE_WORDS = {
    "cost": "Cost", "prior_year_cost": "Prior year cost", "change_prior": "New money over the prior year",
    "change_prior_pct": "Increase", "compounded_change_prior_pct": "Compounded increase to date",
    "simple_sum_pct": "Simple sum of the yearly rates", "diff_baseline": "New money over the status quo",
    "diff_baseline_pct": "Over the status quo", "diff_baseline_share": "Share of the difference",
    "cumulative_diff_baseline": "Cumulative new money over the status quo", "run_rate": "Run rate",
    "run_rate_pct": "Run rate", "step_movement_since_roster_date": "Step movement since the roster date",
    "step_movement_in_year": "Step movement in the year", "rate_changes": "Rate changes over the status quo",
    "cost_of_1pct": "Cost of 1%", "year_end_annual_base": "Year-end annual base pay",
    "annualization": "Annualization into the next year", "headcount": "Headcount at year end",
    "fte": "FTE at year end", "people": "People", "per_fte": "Cost per FTE",
}
"""Each measure of the figures frame in words (costing.engine.conventions registers them)."""
DOLLAR_WORDS = {"all_in": "total cost", "salary": "salary", "benefits": "benefits", "other_costs": "other costs",
                "line": "cost lines",   # the family of the other costs (the same dollars), named for what it sums
                "recurring": "recurring cost", "base_fixed": "base pay without steps or longevity",
                "base": "base pay", "beyond_base": "everything but base pay", "base_with_rollup": "base pay, with roll-up", "roster_date_steps": "",
                "year_end_rates": "", "year_end": "", "employed": ""}


def figure_label(measure: str, convention: str, population: str = "budget_line") -> str:
    """Any figure of the frame in the report's words: 'Increase % (same group: across-the-board rate)',
    'New money over the prior year (leavers: total cost)', 'Cost per FTE (all-in: total cost)'.

    A rate names its population and convention; a dollar figure names what it counts and, unless it
    is the budget line's, whose pay."""
    from ..inputs.vocabulary import FAMILY_LABELS

    words = MEASURE_WORDS[measure]
    if measure == "per_fte":
        counted = DOLLAR_WORDS.get(convention, FAMILY_LABELS.get(convention, convention).lower())
        return f"{counted[:1].upper()}{counted[1:]} per FTE at year end"
    if measure.endswith("_pct"):
        if convention in CONVENTIONS:
            return pct_label(words, convention, None if population == "budget_line" and measure != "change_prior_pct"
                             else population)
        return f"{words} % ({DOLLAR_WORDS.get(convention, FAMILY_LABELS.get(convention, convention).lower())})"
    if measure == "diff_baseline_share":
        return f"{words} % ({DOLLAR_WORDS.get(convention, FAMILY_LABELS.get(convention, convention).lower())})"
    counted = DOLLAR_WORDS.get(convention, FAMILY_LABELS.get(convention, convention).lower())
    who = "" if population == "budget_line" else POPULATIONS[population].short
    inside = ": ".join(part for part in (who, counted) if part)
    return f"{words} ({inside})" if inside else words


def population_label(population: str) -> str:
    """A population's words, capitalised for a row heading: 'Same group', 'Leavers'."""
    text = POPULATIONS[population].short
    return text[:1].upper() + text[1:]


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
         "The contract's cost lines: costs that are neither pay to a person nor benefits (class coverage, tuition "
         "pools, a parental-leave allowance), a rate times a stated quantity."),
    Term("new_money_prior", "New money over the prior year",
         "This fiscal year's cost less the previous year's cost under the same scenario (in-year; the first "
         "year is compared with the same scenario's year before the window, so a proposal that also changes "
         "that year is compared with itself; the status quo's year before is shown as its own figure)."),
    Term("new_money_status_quo", "New money over the status quo",
         "The proposal's cost less the status quo's cost in the same fiscal year (in-year)."),
    Term("cumulative_new_money", "Cumulative new money over the status quo",
         "The running sum of new money over the status quo from the first year costed (cumulative)."),
    Term("term_total", "Over the term",
         "The fiscal years of the contract term that were costed (a year is in the term when more than half "
         "of its days are): dollars summed, rates compounded year on year, or of the status quo's total "
         "where they compare with the status quo. A year costed beyond the term is shown apart and never "
         "counted over the term."),
    Term("beyond_term", "Beyond the term",
         "A fiscal year costed after the contract term ends (Newton's FY2028, for a raise dated after the "
         "term and the carry-forward): shown apart, labelled, never in a figure over the term or the headline."),
    Term("headline_year", "Headline year",
         "The term's last fiscal year costed: the year a one-line summary quotes."),
    Term("compounded", "Compounded percent",
         "Year-on-year percents chained: 3% then 3.5% then 3.5% compound to 10.3%, not 10%."),
    Term("simple_sum", "Simple sum",
         "Year-on-year percents added, as the press reports a settlement: Chelsea's 3% + 5% + 5% was "
         "reported as \"13%\" (compounded 13.56%), Boston's 2% a year for three years as \"6% in total\" "
         "(6.12%). Shown beside the compounded percent, never instead of it."),
    Term("cost_of_1pct", "Cost of 1%",
         "What a 1% raise on the year's base pay costs, with the roll-up on it. Doubling it does not give "
         "the cost of 2% over several years (compounding)."),
    Term("cost_items", "Cost items of a fiscal year",
         "New money over the status quo in one fiscal year: what the agreement adds to that year's "
         "appropriation. M.G.L. c.150E §7 asks the employer to request the appropriation for the cost items "
         "of the current fiscal year, with estimates for each later year of the term: the third meaning of "
         "\"the cost of the contract\", whose sum over the term is the first (cumulative new money)."),
    Term("cumulative_cost", "Cumulative new money over the term",
         "The cost items of every fiscal year of the term added up, by component: how the Boston Municipal "
         "Research Bureau costed the 2021-24 BPS/BTU contract at $141.7M (wages $102.8M, inclusion $30.9M, "
         "other $7.9M). The first meaning of \"the cost of the contract\"."),
    Term("run_rate", "Run rate",
         "The term's last fiscal year's cost less the base year's (the fiscal year before the term), in "
         "dollars and as a percent of the base year: what the budget carries once the agreement is fully in "
         "place. British Columbia's Public School Employers' Association costs proposals this way (\"3rd year "
         "cost compared to base year cost\"). The second meaning of \"the cost of the contract\"."),
    Term("per_fte", "Cost per FTE",
         "A cost divided by FTE employed on the fiscal year's last day, named for the cost it divides: all-in "
         "(salary, benefits and other costs), salary, or base pay."),
    Term("step_in_year", "Step movement in the year",
         "Step movement since the roster date this year less the same figure the year before: what people moving up "
         "steps during this year add to its base pay (in-year; the rate changes are counted apart)."),
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
         "For people employed all year: year-end annual base pay less the base pay earned in the year (base "
         "pay costed plus retro pay paid in the year): what mid-year changes carry into the next year before "
         "any new change (also called carry-forward or roll-forward). A raise already paid as retro is not "
         "carried again, and leavers and part-year hires are not in it."),
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


@dataclass(frozen=True)
class FieldTerm:
    label: str
    meaning: str
    source: str          # where the field's word is used that way (a document, article and section)
    matches: tuple[str, ...]   # words whose presence in a document means it relies on the term


FIELD_TERMS: tuple[FieldTerm, ...] = (
    FieldTerm("Step", "A row of a salary schedule. People move down one step a year on the contract's step date "
              "(an increment); step movement costs money even in a year with no raise.",
              "New Bedford paraprofessionals' CBA 2022-25, Appendix A and its step-advancement article; Chelsea "
              "paraprofessional MOA 2024, pay sheet", ("step",)),
    FieldTerm("Lane", "A column of a salary schedule (education level or job class); moving across a lane on earning "
              "a degree is a lane change.", "New Bedford paraprofessionals' CBA 2022-25, Appendix A (three lanes)",
              ("lane",)),
    FieldTerm("COLA (across-the-board raise)", "A percent added to every cell of a schedule on a date; the raise a "
              "settlement is quoted by, not what a year costs.", "Newton NTA proposed MOU of 1/28/2024 (COLA each "
              "September 1)", ("cola", "raise", "across-the-board")),
    FieldTerm("Longevity", "A yearly amount for completed years of service, beside the salary schedule.",
              "New Bedford paraprofessionals' CBA 2022-25 (longevity by years of service); Newton NTA proposed MOU "
              "of 1/28/2024 (longevity from 9/1/2025)", ("longevity",)),
    FieldTerm("Roll-up", "Employer costs that move with pay, as a percent of it (Medicare 1.45%, a retirement "
              "assessment): a raise costs its roll-up too.", "26 U.S.C. §3111(b) (Medicare, employer's 1.45%)",
              ("roll-up",)),
    FieldTerm("Proration", "How a year is split when something changes partway through it (calendar days, work days "
              "or pay periods); each report states the convention it uses.",
              "M.G.L. c.71 §40 (a school year's salary earned over the school year)", ("prorat", "partway", "mid-year")),
    FieldTerm("Retro pay", "Back pay a contract ratified after its effective date owes for the months already worked "
              "at the old rates, paid in one sum.", "New Bedford paraprofessionals' CBA 2022-25 (effective 8/1/2022, "
              "ratified 5/8/2023, retro to those in the unit on 5/8/2023)", ("retro",)),
    FieldTerm("Hold-harmless", "Nobody is paid less under a new table than under the old one: a person keeps the "
              "higher amount until the new table passes it.", "Newton NTA proposed MOU of 1/28/2024 (longevity "
              "from 9/1/2025)", ("hold-harmless", "hold harmless", "paid less")),
)
"""The field's own words a costing relies on, each with where it is used that way (docs/glossary.md lists them)."""


def glossary_items() -> list[tuple[str, str, tuple[str, ...], bool]]:
    """Every glossary entry a report may print: (term, meaning, the words that show a document uses it, whether
    it is one of the field's terms). :func:`costing.report.html.keep_used_glossary` keeps those a document uses."""
    items = [(f.label, f"{f.meaning} Source: {f.source}.", f.matches, True) for f in FIELD_TERMS]
    items += [(t.label, t.meaning, (t.label,), False) for t in TERMS]
    items += [(f"% ({c.short})", c.meaning, (f"({c.short})", f": {c.short})"), False) for c in CONVENTIONS.values()]
    items += [(population_label(p.key), p.meaning, (f"{p.short}:", f"of which {p.short}"), False)
              for p in POPULATIONS.values() if p.key != "stated" and population_label(p.key) not in {t.label for t in TERMS}]
    return items

SOURCES: tuple[str, ...] = (
    "Boston Municipal Research Bureau, \"New BPS/BTU Contract Driven by State Mandates\" (bmrb.org, 2022): the "
    "2021-24 contract at $141.7M over three years, by component (cumulative new money over the term).",
    "BC Public School Employers' Association, \"Approximate Cost of Current Union Monetary Proposals\" (25 April "
    "2014): \"costing is based on 3rd year cost compared to base year cost\" (the run rate).",
    "M.G.L. c.150E §7 (b) and (c): the request for an appropriation to fund the cost items of an agreement in the "
    "current fiscal year, with an estimate for each later fiscal year of its term (each year's cost items).",
    "Acton Forum, \"AB School Committee approves new teacher's contract through FY2017\" (on the committee's 5/22/2014 "
    "meeting): steps and COLA for \"a group of teachers\" moving through the system do not equal \"budget line\" "
    "increases, which retirements and other factors move (same group and budget line).",
    "Chelsea para MOA 2024, Art. IV §A (3%, 5%, 5%, reported as 13%); Boston Globe 2/4/2024 and 2/8/2024 on "
    "Newton's settlement (\"12.6 percent\", compounded): the simple sum beside the compounded percent.",
)
"""Where the field's conventions come from (docs/method.md cites the same)."""


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
    lines += ["", "## Populations", "",
              "Whose pay a figure counts. Printed with every rate, e.g. `Increase % (same group: across-the-board "
              "rate)`; the budget line's change over the prior year is the same group's plus each line below it.", "",
              "| population | meaning |", "| --- | --- |"]
    lines += [f"| {p.short} | {p.meaning} |" for p in POPULATIONS.values()]
    lines += ["", "## The field's terms", "",
              "Printed in a report when it uses them, each with where the field uses it that way.", "",
              "| term | meaning | source |", "| --- | --- | --- |"]
    lines += [f"| {f.label} | {f.meaning} | {f.source} |" for f in FIELD_TERMS]
    lines += ["", "## Sources", ""]
    lines += [f"- {source}" for source in SOURCES]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")

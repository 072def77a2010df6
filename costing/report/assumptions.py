"""The assumptions and sources of a report, in plain words.

A School Committee member must be able to see what every figure rests on without reading YAML:
the years and roster date, the proration convention, roll-up rates, contingent items, each
proposal's changes with their references, and every cost line's stated assumption.
"""

from __future__ import annotations

import html

from ..engine import ops
from ..engine.apply import active_changes
from ..engine.costing_run import Costing
from ..engine.ops.lines import rollup_targets
from ..engine.proration import schedule_convention
from ..engine.stated_rules import rules_in_words
from ..inputs.labels import component_label, schedule_label
from ..inputs.models import Contract, Proposal
from ..inputs.scenario import Scenario
from ..inputs.vocabulary import PRORATIONS
from ..inputs.words import date, listed, pct
from . import glossary
from .caveats import inputs_marked
from .coverage import benefits_sentence, contingent_items

PRORATION = {
    "calendar_days": "each calendar day of the fiscal year counts the same (twelve-month staff)",
    "school_year": ("the school year's salary is charged to the fiscal year that contains it, each part weighted by "
                    "the school year's work days or months (M.G.L. c.71 §40: earned over the school year)"),
    "work_days": "only work days inside the school calendar count",
    "pay_periods": "each bi-weekly pay date counts for the fiscal year of the work it pays for (26 or 27 a year)",
}
assert tuple(PRORATION) == PRORATIONS, "every proration convention (inputs.vocabulary) is said in words here"


def describe_change(change, contract: Contract | None = None) -> str:
    """One change of a proposal in words: '3% raise on every step (para), from 07/01/2024'.

    The words are the op's own, registered with it (:mod:`costing.engine.ops`); ``contract`` (the
    one the proposal makes) tells an existing stipend's unit (a year, an hour, hours).
    """
    return ops.describe(change, contract)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _month_day_words(month_day: str) -> str:
    month, day = (int(x) for x in month_day.split("-"))
    return f"{MONTHS[month - 1]} {day}"


def cost_line_assumptions(contract: Contract, proposal: Proposal | None) -> list[str]:
    lines = [f"{c.name.replace('_', ' ')}: {c.assumption}" for c in contract.cost_lines if c.assumption]
    if proposal is not None:
        lines += [f"{c.name.replace('_', ' ')}: {c.assumption}" for c in proposal.changes
                  if c.op == "add_cost_line" and c.assumption]
    return list(dict.fromkeys(lines))


def general(scenario: Scenario, costing: Costing) -> list[str]:
    baseline = costing.contracts["baseline"]
    override = costing.options.proration
    rules: dict[str, list[str]] = {}
    for schedule in baseline.schedules:
        rules.setdefault(schedule_convention(baseline, schedule, override), []).append(schedule.name)
    proration = "; ".join(
        PRORATION[name] + ("" if len(rules) == 1 else f" ({listed(schedule_label(baseline, n) for n in names)})")
        for name, names in rules.items())
    if override:
        proration += " (the scenario's override for every schedule)"
    items = [
        f"Fiscal years {costing.years[0]} to {costing.years[-1]}, each running from "
        f"{_month_day_words(baseline.fiscal_year_start)} and named by the year it ends.",
        f"Everyone on the roster is placed on the lane and step they hold on {date(costing.options.as_of)} and "
        f"moves up a step on each anniversary the contract provides.",
        f"A change dated partway through a year is costed from that date: the year is cut at every such date, "
        f"and by schedule {proration}. A roster row may name its own convention (column proration).",
        "The first year's change over the prior year compares each scenario with its own year before the window.",
        "Rates over the prior year measure the same group: people employed on every day of the year and of the year "
        "before, at the same FTE. What leavers, hires and new positions add to the budget line is shown apart.",
        f"The status quo is {baseline.name}; source: {baseline.reference or 'no reference given'}. Its last rate "
        f"tables are carried forward with no new raises.",
    ]
    items += rules_in_words(costing.contracts.values(), costing.roster)   # the engine's rules, worded beside their code
    for rollup in baseline.rollup:
        rate = scenario.rollup.get(rollup.name, rollup.rate)
        rate_text = pct(rate) if rate is not None else "its dated rates"
        covered = rollup_targets(rollup.applies_to)
        items.append(f"{component_label((baseline,), 'rollup:' + rollup.name)} at {rate_text} of {covered}"
                     + (f" ({rollup.reference})" if rollup.reference else "") + ".")
    contingent = contingent_items(costing)
    included = [f"{i.description} ({costing.labels.get(i.scenario, i.scenario)})" for i in contingent
                if i.switched_on]
    if included:   # those left out have their own list: "Not in these totals" (:func:`not_in_totals`)
        items.append("Contingent items switched on, so in these totals: " + "; ".join(included) + ".")
    items.append(benefits_sentence(costing))
    assumed = inputs_marked(costing, "assumed")
    if assumed:
        items.append("Marked as assumptions in the contract and proposals (the documents do not fix them; each file"
                     " says why): " + "; ".join(assumed) + ".")
    if scenario.notes:
        items.append(scenario.notes.strip())
    return items


def figure_basis() -> list[str]:
    """What each figure of the report is, in words."""
    return [
        "Cost: base pay, longevity, stipends and differentials, one-time and retroactive payments, other costs "
        "(the contract's cost lines) and roll-up (employer payroll costs such as Medicare), summed over everyone on the roster, each "
        "rounded to the cent.",
        "Status quo: the contract in force, with its last rate tables carried forward and steps still moving; "
        "the proposal's cost is compared with it year by year.",
        "Difference: the proposal's cost less the status quo's in the same fiscal year; cumulative: the running sum "
        "of those differences over the years costed.",
        "Increase over the prior year: this fiscal year's cost less the previous one's under the same scenario, for "
        "the budget line (everyone costed) and for the same group (people employed in both years); the lines between "
        "them are what leavers, hires and new positions add.",
        "Over the term: the fiscal years of the contract term that were costed (a year is in the term when more than "
        "half of its days are); a year costed beyond the term is shown apart and never counted over the term.",
        f"Step movement in the year: {glossary.TERM['step_in_year'].meaning}",
        "Lift: the change in year-end pay rates (what the next year starts from); cost: the change in what the "
        "year actually pays. A raise late in the year lifts more than it costs that year.",
        "Other costs: costs not tied to one employee (a pool, a count of leaves or covered periods); their "
        "quantities are stated assumptions, listed below.",
        f"Rate changes over the status quo: {glossary.TERM['rate_changes'].meaning}",
        "Annualization: what changes made during a year add to the next year, because they were in force for only "
        "part of it: for people employed all year, year-end annual base pay less the base pay earned in the year "
        "(costed, plus retro pay paid in the year, so a raise already paid as retro is not counted again).",
        "Everyone stays employed for the whole period unless the roster gives an end date; nobody is replaced.",
    ]


def html_list(items: list[str]) -> str:
    return "<ul class=\"assumptions\">" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def _changes_table(changes, contract: Contract, head: str) -> str:
    rows = "".join(f"<tr><td>{html.escape(describe_change(c, contract))}</td><td>{html.escape(c.reference or '')}</td></tr>"
                   for c in changes)
    return (f'<table class="fin text"><thead><tr><th>{html.escape(head)}</th><th>Reference</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def proposal_section(costing: Costing, name: str, label: str) -> str:
    """A proposal's header, its changes in words with references, and its cost-line assumptions."""
    parts = []
    texts = {k: v for k, v in costing.proposals.items() if k == name or k.startswith(f"{name}/")}
    for proposal in texts.values():
        head = f"{proposal.title}" + (f", {proposal.proposer}" if proposal.proposer else "") + \
               (f", {date(proposal.date)}" if proposal.date else "")
        # one of a package is named by its own label, else its title alone (never its file key)
        shown = label if len(texts) == 1 else proposal.label
        lead = f"<strong>{html.escape(shown)}</strong>: {html.escape(head)}" if shown else f"<strong>{html.escape(head)}</strong>"
        parts.append(f'<p class="proposal-head">{lead}. Source: {html.escape(proposal.reference or "not given")}.</p>')
        on = {id(c) for _, c in active_changes(proposal, costing.switches)}
        costed = [c for c in proposal.changes if not c.contingent or id(c) in on]
        left_out = [c for c in proposal.changes if c.contingent and id(c) not in on]
        parts.append(_changes_table(costed, costing.contracts[name], "Change"))
        if left_out:   # contingent items switched off: their own list, never among the changes costed
            parts.append('<p class="caption">Not in these totals: contingent items whose condition is not switched '
                         'on</p>' + _changes_table(left_out, costing.contracts[name], "Contingent item (not costed)"))
    lines = cost_line_assumptions(costing.contracts[name], None)
    for proposal in texts.values():
        lines += cost_line_assumptions(costing.contracts["baseline"], proposal)[len(cost_line_assumptions(costing.contracts["baseline"], None)):]
    lines = list(dict.fromkeys(lines))
    if lines:
        parts.append("<p>Assumptions behind cost lines (counts and quantities the documents do not fix):</p>")
        parts.append(html_list(lines))
    return "".join(parts)

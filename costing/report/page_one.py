"""Page 1's words: what the committee is asked to approve, the terms year by year, the headline and the
funding line, generated from the proposals and selected from the figures frame.

A School Committee member reads page 1 to learn what is being voted (the proposal's title and whether
it is an offer or an agreement), what it gives (its changes in words, by the date each takes effect,
from the op descriptions registered in :mod:`costing.engine.ops`), and what it costs (the settlement
table of :func:`costing.report.settlement.page_one_table` and one headline sentence on the term's last
year). Nothing here computes a figure: every number is selected from the figures frame
(:mod:`costing.engine.measures`) or from :mod:`costing.engine.funding`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable

from ..engine import measures, ops
from ..engine.apply import active_changes
from ..engine.costing_run import Costing
from ..engine.dates import fiscal_year_of
from ..engine.funding import NOT_STATED, one_time_by_source
from ..engine.quoted import scenario_texts
from ..inputs import models as m
from ..inputs.labels import unit_label
from .format import date, fiscal_year, money, percent
from .tables import scenario_label

PROPOSER_STATUS = {
    "union": "an offer from the union: not an agreement",
    "committee": "an offer from the School Committee: not an agreement",
    "joint": "signed by both sides at the table; in force once ratified and approved",
    "mediator": "a tentative agreement reached in mediation; in force once ratified and approved",
    "other": "a proposal: not an agreement",
}
"""What a proposal is, by who put it forward (the proposal file's ``proposer``): a union offer is never
called an agreement."""
PROPOSER_WORDS = {"union": "the union", "committee": "the School Committee", "joint": "both sides",
                  "mediator": "a mediator", "other": "another party"}
LONG = 70   # a change described in more words than this is cut at its first colon on page 1
DAY = r"\d{1,2}/\d{1,2}/\d{4}"   # a date in the one date format
YEAR_LINE = 190   # characters of one fiscal year's terms on page 1; the rest are counted, and in the appendix


def status_words(proposal: m.Proposal) -> str:
    """'an offer from the union: not an agreement'; an illustrative proposal says it is invented."""
    words = PROPOSER_STATUS[proposal.proposer]
    if proposal.status == "illustrative":
        words = f"ILLUSTRATIVE, not a real offer ({words})"
    return words


def approval_text(costing: Costing, name: str) -> str:
    """What the committee is asked to approve: the proposal's title and status; for a package of several
    proposal files, how many and who put them forward."""
    texts = scenario_texts(costing.proposals, name)
    if len(texts) == 1:
        return f"{texts[0].title}: {status_words(texts[0])}."
    return f"{scenario_label(costing, name)}: {offer_status(costing, name)}."


def offer_status(costing: Costing, name: str) -> str:
    """What a scenario's proposal is (:func:`status_words`); for a package of several proposal files, how many and
    who put them forward (Belmont's tentatively agreed items: 7 by the union and 2 by the School Committee), never
    the first file's status as if it were the package's."""
    texts = scenario_texts(costing.proposals, name)
    if len(texts) == 1:
        return status_words(texts[0])
    by = {}
    for text in texts:
        by[text.proposer] = by.get(text.proposer, 0) + 1
    who = " and ".join(f"{n} by {PROPOSER_WORDS[p]}" for p, n in by.items())
    return (f"{len(texts)} proposal files costed together (put forward {who}); items agreed at the table are not in "
            "force until ratified and approved")


def short_change(text: str) -> str:
    """One change's words for page 1: no date (the line gives it), no file path, no long list."""
    text = re.sub(r", from \d{1,2}/\d{1,2}/\d{4}", "", text)
    text = re.sub(r" from \S+\.csv", "", text)
    text = re.sub(rf" at each person's own daily rate, [^,]* on each of (?:{DAY}(?:, | and ))*{DAY}", "", text)
    if len(text) > LONG and ":" in text:
        head, _, tail = text.partition(":")
        qualifier = re.search(r"\((assumed|ILLUSTRATIVE|illustrative)\)$", tail.strip())
        text = head + (f" {qualifier.group(0)}" if qualifier else "")
    return text


def _every_schedule(contract: m.Contract) -> list[set[str]]:
    """The ways a description lists all of the contract's schedules: every unit ('unit A'), every schedule."""
    return [{f"unit {s.unit}" for s in contract.schedules}, {unit_label(contract, s.unit) for s in contract.schedules},
            {getattr(s, "label", "") or s.name for s in contract.schedules}, {s.name for s in contract.schedules}]


def _without(text: str, every: list[set[str]]) -> str:
    """A change that applies to every schedule needs no list of them: '(unit A, unit B, ...)' goes."""
    def drop(match: re.Match) -> str:
        names = {x.strip() for x in match.group(1).split(",")}
        return "" if names in every else match.group(0)
    return re.sub(r" \(([^()]*)\)", drop, text)


def terms_by_date(costing: Costing, name: str) -> list[tuple[dt.date, list[str]]]:
    """The proposal's changes that are in the totals (contingent items switched off left out), in words,
    grouped by the date they take effect, in date order."""
    contract = costing.contracts[name]
    every = _every_schedule(contract)
    out: dict[dt.date, list[str]] = {}
    for text in scenario_texts(costing.proposals, name):
        for _, change in active_changes(text, costing.switches):
            words = _without(short_change(ops.describe(change, contract)), every)
            day = change.effective if isinstance(change.effective, dt.date) else None
            if day is None:
                continue
            out.setdefault(day, [])
            if words not in out[day]:
                out[day].append(words)
    return sorted(out.items())


def pay_basis(costing: Costing, name: str) -> list[str]:
    """'para: 6.5 hours x 210 days a year' for each hourly or daily schedule: the work year pay is figured on."""
    out = []
    for schedule in costing.contracts[name].schedules:
        year = schedule.work_year
        label = getattr(schedule, "label", "") or schedule.name
        if schedule.rate_unit == "hourly" and year.hours_per_day and year.days_per_year:
            out.append(f"{label}: {year.hours_per_day:g} hours x {year.days_per_year:g} days a year")
        elif schedule.rate_unit == "daily" and year.days_per_year:
            out.append(f"{label}: {year.days_per_year:g} days a year")
    return out


def day_text(day: dt.date) -> str:
    """7/1/2024: a finance office's date (the report's one date format, :func:`costing.inputs.words.date`)."""
    return date(day)


def terms_html(costing: Costing, name: str) -> str:
    """The terms in words, one line per fiscal year, each change after the date it takes effect; a year with
    more than fits a line or two ends with how many more changes the appendix lists (page 1 always fits)."""
    start = costing.contracts[name].fiscal_year_start
    by_year: dict[int, list[tuple[dt.date, str]]] = {}
    for day, words in terms_by_date(costing, name):
        by_year.setdefault(fiscal_year_of(day, start), []).extend((day, w) for w in words)
    lines = []
    for fy, items in by_year.items():
        shown, length, last = [], 0, None
        for day, words in items:
            item = words if day == last else f"{day_text(day)}: {words}"
            if shown and length + len(item) > YEAR_LINE:
                break
            shown.append(item)
            length, last = length + len(item) + 2, day
        more = len(items) - len(shown)
        text = "; ".join(shown) + (f"; and {more} more change{'s' if more > 1 else ''} (appendix)" if more else "")
        lines.append(f"<li><strong>{fiscal_year(fy)}</strong>: {html.escape(text)}</li>")
    return '<ul class="terms">' + "".join(lines) + "</ul>"


def funding_lines(costing: Costing, name: str) -> list[str]:
    """'$12,000.00 of one-time payments in FY2025 paid from free cash': one-time money whose funding source
    the contract states (:mod:`costing.engine.funding`); none when no source is stated."""
    frame = one_time_by_source(costing.results, {name: costing.contracts[name]})
    frame = frame[frame["funding_source"] != NOT_STATED]
    if frame.empty:
        return []
    grouped = frame.groupby(["fiscal_year", "funding_source"], sort=True)["amount"].sum().round(2)
    return [f"{money(amount)} of one-time payments in {fiscal_year(fy)} paid from {source}"
            for (fy, source), amount in grouped.items()]


def headline_text(costing: Costing, name: str) -> str:
    """One sentence on the term's last year (:func:`costing.engine.measures.headline_year`), then over the
    term: the cost of the agreement first (new money over the status quo, what the agreement changes), the
    whole budget line's cost after it, for scale."""
    frame = costing.measures
    year = measures.headline_year(frame, name)
    years = measures.term_years_of(frame, name)

    def at(measure: str, convention: str = "all_in", fy=year, scenario: str = name) -> float:
        return measures.value(frame, scenario, measure, convention, fy)

    new = at("diff_baseline")
    more = "more" if new >= 0 else "less"
    term = at("diff_baseline", fy=measures.TERM)
    label = scenario_label(costing, name)
    one_time = at("diff_baseline", "one_time") + 0.0
    recurring = at("diff_baseline", "recurring")
    parts = [f"In {fiscal_year(year)}, the term's last year, {label} costs <strong>{money(abs(new))}</strong> {more} "
             f"than the status quo ({percent(at('diff_baseline_pct'))} more"
             + (f"; {money(recurring)} of it recurring" if abs(one_time) >= 0.005 or abs(recurring - new) >= 0.005
                else "; all of it recurring") + ")."]
    if len(years) > 1:
        parts.append(f"Over the term, {fiscal_year(years[0])} to {fiscal_year(years[-1])}, "
                     f"{money(abs(term))} {'more' if term >= 0 else 'less'}.")
    parts.append(f"For scale: everyone costed, {money(at('cost'))} in {fiscal_year(year)}.")
    return " ".join(parts)


def plain(items: Iterable[str]) -> str:
    return "".join(f"<li>{html.escape(x)}</li>" for x in items)


__all__ = ["scenario_texts", "day_text", "short_change", "approval_text", "status_words", "terms_by_date", "terms_html", "pay_basis", "funding_lines",
           "headline_text", "PROPOSER_STATUS"]

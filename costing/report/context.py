"""What a report notebook works from: the scenario, its costing, its inputs and its audience.

A notebook calls :func:`open_report` once and then only asks this object for tables, charts and
text blocks, so no costing logic lives in a notebook and the public/confidential rule is decided
here, in one place, rather than cell by cell.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..engine import dates as d
from ..engine import measures
from ..engine.costing_run import Costing, cost_scenario
from ..inputs.labels import schedule_label, unit_label
from ..inputs.roster import IDENTIFYING, read_roster_file
from ..inputs.scenario import Scenario, input_files, resolve
from ..inputs.words import listed
from ..version import __version__
from . import assumptions, coverage, glossary, settlement, tables
from . import page_one as page_words
from .caveats import Caveats, caveats_of
from .format import date, fiscal_year, money, percent
from .html import glossary_html
from .inputs_annex import input_rows
from .manifest import sha256_file
from .shared_costing import SHARED_COSTING, SharedCosting, shared_costing  # noqa: F401 - re-exported (tests, callers)
from .table import Table


class Html(str):
    """A string a notebook renders as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


@dataclass
class ReportContext:
    scenario_path: Path
    scenario: Scenario
    costing: Costing
    audience: str
    report_date: str
    inputs: dict[str, Path] = field(default_factory=dict)

    @property
    def public(self) -> bool:
        return self.audience != "confidential"

    @property
    def proposals(self) -> list[str]:
        return tables.proposal_names(self.costing)

    def label(self, name: str) -> str:
        return tables.scenario_label(self.costing, name)

    # ---- text blocks -------------------------------------------------------------------------
    @functools.cached_property
    def caveats(self) -> Caveats:
        return caveats_of(self.costing, resolve(self.scenario_path, self.scenario.roster), self.scenario.notes)

    def _meta_pairs(self) -> list[tuple[str, str]]:
        s = self.scenario
        scope = s.scope
        base = self.costing.contracts["baseline"]
        units = ": ".join(x for x in (s.district, listed(unit_label(base, u) for u in s.units)) if x)
        status = "FINAL" if scope.status == "final" else "DRAFT"
        prepared_on = scope.prepared_on or dt.date.fromisoformat(self.report_date)
        return [("Status", status + ("" if scope.status == "final" else ": not yet a final costing")),
                ("Prepared by", scope.prepared_by or "not stated in the scenario"),
                ("Prepared on", date(prepared_on)),
                ("Covers", units or "as in the contract")]

    def page_one_header(self, subtitle: str = "") -> Html:
        """Page 1's head: the title, what the document is, and one compact block (status, who prepared it and
        when, what it covers, the years costed); the full scope block follows on page 2 (:meth:`title_block`)."""
        lines = [f"<h1>{html.escape(self.scenario.title)}</h1>"]
        if subtitle:
            lines.append(f'<p class="subtitle">{html.escape(subtitle)}</p>')
        pairs = self._meta_pairs()
        cell = lambda k, v: f'<th scope="row">{html.escape(k)}</th><td>{html.escape(v)}</td>'  # noqa: E731
        rows = [f"<tr>{cell(*pairs[i])}{cell(*pairs[i + 1])}</tr>" for i in range(0, len(pairs), 2)]
        rows.append(f'<tr><th scope="row">Costed</th><td colspan="3">{html.escape(self.window_text(short=True))}</td></tr>')
        lines.append('<table class="meta"><tbody>' + "".join(rows) + "</tbody></table>")
        return Html("".join(lines))

    def title_block(self, subtitle: str = "", heading: bool = True) -> Html:
        """Title, then the scope block: who prepared it, when, draft or final, the window against the term
        (``heading=False``: the scope block alone, on the page after page 1)."""
        s = self.scenario
        lines = [f"<h1>{html.escape(s.title)}</h1>"] if heading else []
        if subtitle:
            lines.append(f'<p class="subtitle">{html.escape(subtitle)}</p>')
        pairs = self._meta_pairs()
        wide = [("Costing window", self.window_text()), ("Roster", self.roster_text()),
                ("Benefits", coverage.benefits_sentence(self.costing, with_missing=False)),
                ("Not included", "; ".join(self.not_included()) or "nothing: every item of the proposals is costed")]
        cell = lambda k, v: f'<th scope="row">{html.escape(k)}</th><td>{html.escape(v)}</td>'  # noqa: E731
        rows = [f"<tr>{cell(*pairs[i])}{cell(*pairs[i + 1])}</tr>" for i in range(0, len(pairs), 2)]
        rows += [f'<tr><th scope="row">{html.escape(k)}</th><td colspan="3">{html.escape(v)}</td></tr>' for k, v in wide]
        lines.append('<table class="meta"><tbody>' + "".join(rows) + "</tbody></table>")
        return Html("".join(lines))

    def not_included(self) -> list[str]:
        """What these totals leave out, generated from the costing (:func:`costing.report.coverage.not_included`):
        benefits no contract states, contingent items switched off, and the scenario's own items, which
        may not name anything the tables cost."""
        return coverage.not_included(self.costing, self.scenario.scope.excluded, self.scenario_path)

    def window_text(self, short: bool = False) -> str:
        """The fiscal years costed, their dates, and the contract term they are read against (``short``: without
        the scenario's own sentence on why those years)."""
        years = self.costing.years
        start = self.costing.contracts["baseline"].fiscal_year_start
        lo, _ = d.fiscal_year_bounds(years[0], start)
        _, hi = d.fiscal_year_bounds(years[-1], start)
        text = (f"{fiscal_year(years[0])} to {fiscal_year(years[-1])} ({date(lo)} to "
                f"{date(hi - dt.timedelta(days=1))})")
        term = self.scenario.scope.term
        if term is None:
            text += "; contract term not stated in the scenario"
        else:
            text += f"; contract term {date(term.start)} to {date(term.end)}"
            outside = [fiscal_year(fy) for fy in years
                       if d.fiscal_year_bounds(fy, start)[1] <= term.start or d.fiscal_year_bounds(fy, start)[0] > term.end]
            if outside:
                text += f" ({', '.join(outside)} outside the term)"
        if self.scenario.scope.window and not short:
            text += f". {self.scenario.scope.window.strip()}"
        return text

    def roster_text(self) -> str:
        placement = self.costing.roster
        people = placement["employee_id"].nunique() if placement is not None and "employee_id" in placement else 0
        text = f"{people:,} people, placed as of {date(self.costing.options.as_of)}"
        return text + (" (SYNTHETIC: no real people)" if self.caveats.synthetic_roster else "")

    def settlement_summary(self, name: str):
        """Page 1: the settlement summary of one proposal (costing.report.settlement)."""
        return settlement.summary_table(self.costing, name, "",   # the caveat: once on page 1 and in every footer
                                        coverage.benefits_sentence(self.costing))

    def page_one(self, name: str) -> Html:
        """Page 1 of a scenario report or board brief: what the committee is asked to approve, the terms in
        words by date, the headline on the term's last year, the cost-of-settlement table, the funding line
        where the contract states one, the proposal ledger's money items when the scenario names a ledger,
        and the caveat once (:mod:`costing.report.page_one`, :func:`costing.report.settlement.page_one_table`)."""
        from .ledger_section import ledger_page_one

        esc = html.escape
        ledger = [item.to_html() if hasattr(item, "to_html") else str(item) for item in ledger_page_one(self)]
        parts = [f'<p class="approve"><strong>Asked to approve:</strong> {esc(page_words.approval_text(self.costing, name))}</p>']
        if ledger:   # the ledger's money items are the terms: each with what it costs
            parts += ledger
        else:
            basis = page_words.pay_basis(self.costing, name)
            basis = f"pay figured on {'; '.join(basis)}; " if basis else ""
            parts += [f'<p class="terms-head"><strong>The terms</strong>, year by year ({esc(basis)}the '
                      'full wording and sources are in the appendix):</p>', page_words.terms_html(self.costing, name)]
        caveat = self.caveats.short()
        tail = f' <span class="caveat">{esc(caveat)}.</span>' if caveat else ""
        parts += [f'<p class="headline">{page_words.headline_text(self.costing, name)}{tail}</p>',
                  settlement.page_one_table(self.costing, name, yardsticks=not ledger).to_html()]
        funding = page_words.funding_lines(self.costing, name)
        if funding:
            parts.append(f'<p class="funding"><strong>Funding:</strong> {esc("; ".join(funding))}.</p>')
        contingent = [item for item in coverage.contingent_items(self.costing) if item.scenario == name]
        off = [page_words.short_change(item.description) for item in contingent if not item.switched_on]
        on = [page_words.short_change(item.description) for item in contingent if item.switched_on]
        words = []
        if off:
            words.append(f"<strong>Contingent, not in these totals:</strong> {esc('; '.join(off))}.")
        if on:
            words.append(f"<strong>Contingent, switched on and in these totals:</strong> {esc('; '.join(on))}.")
        stated = coverage.stated_exclusions(self.costing, self.scenario.scope.excluded, self.scenario_path)
        if stated:
            words.append(f"<strong>Left out:</strong> {esc('; '.join(stated))}.")
        words.append("(All of it: next page.)")
        parts.append(f'<p class="left-out">{" ".join(words)}</p>')
        return Html('<div class="page-one">' + "".join(parts) + "</div>")

    def brief_closing(self) -> Html:
        """The board brief's last words: where the detail is, and where the inputs' hashes are (the manifest)."""
        return Html('<p class="closing">The full report carries the detail: each year\'s cost line by line, the '
                    "reconciliation of every change, the rate tables, the assumptions with their sources and the "
                    "glossary. The files this brief was made from are listed with their SHA-256 in the manifest "
                    "beside it, and in the full report's annex.</p>")

    def compare_page_one(self) -> Html:
        """A compare report's page 1: the gap between the offers per year and over the term, in dollars and in
        points of the cost of 1% (:func:`costing.report.settlement.gap_table`), each offer's status, the caveat once."""
        from ..negotiate.gap import offer_gaps, offer_pairs

        esc = html.escape
        offers = "".join(f"<li>{esc(self.label(n))}: {esc(page_words.offer_status(self.costing, n))}</li>"
                         for n in self.proposals)
        gaps = offer_gaps(self.costing)
        years = measures.term_years_of(self.costing.measures, "baseline") or list(self.costing.years)
        lines = []
        for a, b in offer_pairs(self.costing):
            row = gaps[(gaps["scenario"] == a) & (gaps["against"] == b) & (gaps["period"] == "term")].iloc[0]
            lines.append(f"Over {fiscal_year(years[0])}-{fiscal_year(years[-1])}, {esc(self.label(a))} costs "
                         f"<strong>{money(row['gap'])}</strong> more than {esc(self.label(b))}: {row['points']:.2f} "
                         "points of the cost of 1%, held in every year of the term.")
        if not lines:   # one offer: what it costs over the status quo (its gap table says there is no other side)
            for name in self.proposals:
                new_money = measures.value(self.costing.measures, name, "diff_baseline", "all_in")
                lines.append(f"Over {fiscal_year(years[0])}-{fiscal_year(years[-1])}, {esc(self.label(name))} costs "
                             f"<strong>{money(new_money)}</strong> more than the status quo.")
        heading = "The offers" if len(self.proposals) > 1 else "The offer"
        parts = [f'<p class="approve"><strong>{heading}:</strong></p><ul class="terms">{offers}</ul>',
                 f'<p class="headline">{" ".join(lines)}</p>', settlement.gap_table(self.costing).to_html()]
        caveat = self.caveats.short()
        if caveat:
            parts.append(f'<p class="caveat">{esc(caveat)}.</p>')
        return Html('<div class="page-one">' + "".join(parts) + "</div>")

    def glossary(self) -> Html:
        """Every term a report may use; the HTML export keeps those the document uses (costing.report.html)."""
        return Html(glossary_html())

    def inputs_table(self) -> Table:
        """The annex of inputs: each file by what it is (:mod:`costing.report.inputs_annex`) and its SHA-256;
        the file names are in the manifest."""
        rows = input_rows(self.inputs, self.costing.contracts.get("baseline"), sha256_file)
        return Table(pd.DataFrame(rows), caption="Inputs (a changed file changes its SHA-256)", css_class="inputs",
                     note="Each input's file name is in the manifest beside this report, with the same SHA-256. "
                          f"Report date {date(dt.date.fromisoformat(self.report_date))}; produced with costing {__version__}.")

    def scenarios_compared(self) -> Table:
        rows = [{"Scenario": self.label("baseline"), "What it is": self.costing.contracts["baseline"].name}]
        for name in self.proposals:
            texts = [p for k, p in self.costing.proposals.items() if k == name or k.startswith(f"{name}/")]
            what = texts[0].title if len(texts) == 1 else f"{len(texts)} proposals applied together"
            rows.append({"Scenario": self.label(name), "What it is": what})
        return Table(pd.DataFrame(rows), caption="Scenarios compared")

    def assumptions(self) -> Html:
        """The assumptions in plain words, led by what the figures rest on when it is invented."""
        caveat = self.caveats.sentence()
        lead = f'<p class="caveat">{html.escape(caveat)}</p>' if caveat else ""
        return Html(lead + assumptions.html_list(assumptions.general(self.scenario, self.costing)))

    def proposal_sources(self, name: str) -> Html:
        return Html(assumptions.proposal_section(self.costing, name, self.label(name)))

    def headline(self, name: str) -> Html:
        """One sentence a board member can quote: over the term, then the term's last year (never a year
        beyond it), every percent with its population and convention (the caveat is on page 1 and in every
        page's footer, not repeated here)."""
        frame = self.costing.measures
        year = measures.headline_year(frame, name)
        years = measures.term_years_of(frame, name)

        def at(measure: str, convention: str = "all_in", population: str | None = None, fy=year) -> float:
            return measures.value(frame, name, measure, convention, fy, population)

        total = at("diff_baseline", fy=measures.TERM)
        more = "more" if total >= 0 else "less"
        change = at("change_prior", population="budget_line")
        all_in, same = glossary.CONVENTIONS["all_in"].short, glossary.POPULATIONS["same_group"].short
        prior = ("" if pd.isna(change) else
                 f' and {money(change)} ({percent(at("change_prior_pct", population="budget_line"))}, '
                 f'{glossary.POPULATIONS["budget_line"].short}, {all_in}) above the year before; for the {same} '
                 f'(people employed in both years) it rises {percent(at("change_prior_pct", population="same_group"))} '
                 f'({all_in}), and the {glossary.CONVENTIONS["atb_rate"].short} is '
                 f'{percent(at("change_prior_pct", "atb_rate", "same_group"))}')
        return Html(
            f'<p class="headline">Over the term, {fiscal_year(years[0])} to {fiscal_year(years[-1])}, '
            f'{html.escape(self.label(name))} costs <strong>{money(abs(total))}</strong> {more} than the status quo '
            f'(total cost: salary, benefits and other costs). In {fiscal_year(year)}, the term\'s last year, it costs '
            f'{money(at("cost"))}, {money(at("diff_baseline"))} ({percent(at("diff_baseline_pct"))} '
            f'{glossary.CONVENTIONS["all_in"].short}) above the status quo{prior}.</p>')

    def heading(self, text: str, level: int = 3) -> Html:
        return Html(f"<h{level}>{html.escape(text)}</h{level}>")

    def audience_mark(self) -> Html:
        """Feeds the running footer: every PDF page says Public or Confidential, draft or final, and its caveats."""
        text = "Public report" if self.public else "CONFIDENTIAL: employee-level detail"
        text += " - FINAL" if self.scenario.scope.status == "final" else " - DRAFT"
        caveat = self.caveats.short()
        mark = f'<p class="audience">{html.escape(text)}</p>'
        if caveat:
            mark += f'<p class="caveat-mark">{html.escape(caveat)}</p>'
        return Html(mark)

    def figure_basis(self) -> Html:
        return Html(assumptions.html_list(assumptions.figure_basis()))

    def rate_scenarios(self) -> list[str]:
        """Scenarios whose rate tables to show: the status quo, and each proposal that changes them."""
        base = self.costing.contracts["baseline"]
        return ["baseline", *[n for n in self.proposals if tables.tables_differ(base, self.costing.contracts[n])]]

    # ---- roster views --------------------------------------------------------------------------
    def roster_placement(self) -> tuple[pd.DataFrame, str]:
        """Where everyone stands on the roster date (or the end of the first year if unavailable)."""
        first = self.costing.years[0]
        for key, when in ((("baseline", first - 1), "on the roster date"),
                          (("baseline", first), f"at the end of {fiscal_year(first)}")):
            if key in self.costing.placements:
                return self.costing.placements[key], when
        raise KeyError("no placement")

    def roster_summary(self) -> Table:
        """People and FTE by schedule on the roster date (the full grid by step and lane is in the appendix)."""
        placement, when = self.roster_placement()
        frame = (placement.groupby("schedule", observed=True).agg(people=("fte", "size"), fte=("fte", "sum"))
                 .reset_index())
        base = self.costing.contracts["baseline"]
        frame = pd.DataFrame({"Schedule": [schedule_label(base, x) for x in frame["schedule"].astype(str)],
                              "People": frame["people"],
                              "FTE": frame["fte"].astype(float)})
        frame.loc[len(frame)] = {"Schedule": "Total", "People": int(frame["People"].sum()),
                                 "FTE": float(frame["FTE"].sum())}
        return Table(frame, {"People": "count", "FTE": "fte"}, total_rows=1,
                     caption=f"The roster {when}: people and FTE by schedule"
                             + (" (SYNTHETIC: no real people)" if self.caveats.synthetic_roster else ""))

    def headcount_tables(self) -> list[Table]:
        placement, when = self.roster_placement()
        return tables.headcount_tables(placement, when, self.costing.contracts["baseline"])

    def employee_detail(self) -> pd.DataFrame:
        """Per employee: placement and each scenario's cost per year. Confidential reports only."""
        if self.public:
            raise PermissionError("employee-level detail is only shown in a confidential report")
        res = self.costing.results
        per = res[res["employee_id"] != ""].pivot_table(index="employee_id", columns=["scenario", "fiscal_year"],
                                                        values="amount", aggfunc="sum", observed=True)
        per.columns = [f"{s} {fiscal_year(fy)}" for s, fy in per.columns]
        roster = read_roster_file(resolve(self.scenario_path, self.scenario.roster))
        keep = [c for c in [*IDENTIFYING, "unit", "schedule", "lane", "step", "fte"] if c in roster.columns]
        return roster[keep].drop_duplicates("employee_id").merge(per.reset_index(), on="employee_id", how="right")

    def paid_less_list(self, frame: pd.DataFrame) -> Table:
        """Who is paid less than under the status quo, by ID (and name). Confidential reports only."""
        if self.public:
            raise PermissionError("the list of people paid less is only shown in a confidential report")
        from . import negotiation  # matplotlib only where a chart is drawn

        roster = read_roster_file(resolve(self.scenario_path, self.scenario.roster))
        return negotiation.paid_less_list(self.costing, frame, roster)

    def employee_appendix(self) -> Table:
        detail = self.employee_detail()
        out = detail[[c for c in ["employee_id", "name", "lane", "step", "fte"] if c in detail.columns]].copy()
        out.columns = [{"employee_id": "ID", "name": "Name", "lane": "Lane", "step": "Step", "fte": "FTE"}[c] for c in out.columns]
        years = self.costing.years
        for scen in self.costing.contracts:
            cols = [f"{scen} {fiscal_year(fy)}" for fy in years if f"{scen} {fiscal_year(fy)}" in detail.columns]
            out[f"{self.label(scen)}, all years"] = detail[cols].sum(axis=1).round(2)
        for name in self.proposals:
            out[f"{self.label(name)} difference"] = (out[f"{self.label(name)}, all years"]
                                                     - out[f"{self.label('baseline')}, all years"]).round(2)
        formats = {c: "money" for c in out.columns if c.endswith("all years") or c.endswith("difference")}
        formats["FTE"] = "fte"
        return Table(out, formats, caption="Employee-level detail (confidential)", css_class="wide")


def open_report(scenario_path: str | Path, audience: str = "", report_date: str = "") -> ReportContext:
    """Load and cost a scenario for a notebook; ``audience`` overrides the scenario's own."""
    path = Path(scenario_path).resolve()
    scenario, costing = shared_costing(path) or cost_scenario(path)
    audience = audience or scenario.audience
    if audience not in ("public", "confidential"):
        raise ValueError(f"audience must be public or confidential, not {audience!r}")
    return ReportContext(path, scenario, costing, audience, report_date or dt.date.today().isoformat(),
                         input_files(scenario, path))

"""The member page: one static HTML file per scenario where a member picks where they stand and reads what
each proposal means for their pay, year by year, in plain words.

Public by construction: it is made from the contract and the proposals alone (a synthetic person on
every cell, :mod:`costing.negotiate.member_grid`), never from the roster, so it can be handed to every
member. It works offline and on a phone: the figures (:mod:`costing.report.member_data`), the script
(``member_page.js``, plain DOM) and the style (``member_page.css``) are inside the one file; nothing is
fetched. ``costing report`` writes it beside the board brief as ``member_page.html`` (:data:`FILE_NAME`),
the batch does the same, and ``costing member SCENARIO --page FILE`` writes it alone.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Mapping
from importlib import resources

from ..engine.costing_run import load_contracts
from ..inputs.models import Contract, Proposal
from ..inputs.scenario import ScenarioInputs
from ..negotiate.member_grid import MemberGrid, member_grid
from .member_data import page_data

FILE_NAME = "member_page.html"
AUDIENCE = "public"
"""Who the page is for: every member (it holds no roster value, whatever the report's audience)."""


def _asset(name: str) -> str:
    return resources.files("costing.report").joinpath(name).read_text(encoding="utf-8")


def page_html(data: dict) -> str:
    """The page for ``data`` (:func:`~costing.report.member_data.page_data`): one self-contained HTML file."""
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    title = html.escape(data["title"])
    years = data["years"]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="costing member page">
<title>What it means for your pay: {title}</title>
<style>{_asset("member_page.css")}</style></head>
<body>
<header><p class="district">{html.escape(data["district"])}</p>
<h1>What the proposals mean for your pay</h1><p class="title">{title}</p></header>
<main>
<section class="pick" aria-labelledby="pick-heading">
<h2 id="pick-heading">Where you are on {html.escape(data["as_of_text"])}</h2>
<div class="choices">
<div class="choice"><label for="unit">Bargaining unit</label><select id="unit" data-hide-single="yes"></select></div>
<div class="choice"><label for="schedule">Pay schedule</label><select id="schedule" data-hide-single="yes"></select></div>
<div class="choice"><label for="lane">Lane (column)</label><select id="lane"></select></div>
<div class="choice"><label for="step">Your step</label><select id="step"></select></div>
<div class="choice"><label for="service">Years of service</label><select id="service"></select></div>
<div class="choice"><label for="fte">Time worked</label><select id="fte"></select></div>
</div>
<p class="hint" id="basis"></p>
<noscript><p>This page needs JavaScript switched on to look up your figures.</p></noscript>
</section>
<div id="results" aria-live="polite"></div>
<section class="explain" aria-labelledby="how-heading">
<h2 id="how-heading">How these figures are made</h2>
<p>The figures come from the same costing as the report the School Committee reads, for a person on the
lane and step you pick on {html.escape(data["as_of_text"])}, followed through FY{years[1]}–FY{years[-1]}
by the contract's own rules: when steps come, which steps still exist, longevity by years of service.
They are not anyone's own pay: they are made from the contract and the proposals, never from the payroll.</p>
<p><strong>Raise</strong> is what the change in the schedule gives you on the step you were on;
<strong>step</strong> is what moving to your new step adds, at the new rates; <strong>longevity</strong>
is the longevity paid in the year for your years of service. Years of service count on
{html.escape(data["as_of_text"])}; "less than 1 year" means hired about six months before. A part-time
figure is the contract's own for that share of full time.</p>
<p>Fiscal years run July 1 to June 30 and are named by the year they end (FY{years[1]} is July
{years[1] - 1} to June {years[1]}). Figures for a proposal are what it would pay if it were agreed as written.</p>
</section>
</main>
<footer><p>Made by costing, from the contract and the proposals only (no payroll data). Check your own pay
with your payroll office.</p></footer>
<script type="application/json" id="member-data">{payload}</script>
<script>{_asset("member_page.js")}</script>
</body></html>
"""


def member_page(contracts: Mapping[str, Contract], proposals: Mapping[str, Proposal], years: list[int],
                as_of: dt.date, switches: tuple[str, ...], title: str, district: str) -> str:
    """Cost every member the page offers (:func:`member_grid`) and make the page."""
    grid: MemberGrid = member_grid(contracts, years, as_of)
    return page_html(page_data(grid, contracts, proposals, switches, title, district))


def scenario_member_page(spec: ScenarioInputs) -> str:
    """The member page of a scenario, read from its contract and proposals alone (never its roster)."""
    baseline, applied, texts = load_contracts(spec)
    contracts = {"baseline": baseline, **applied}
    years = sorted(spec.years)
    as_of = spec.as_of or _first_day(baseline, years[0])
    scenario = spec.scenario
    title = scenario.title if scenario else baseline.name
    district = (scenario.district if scenario else "") or baseline.district or ""
    return member_page(contracts, texts, years, as_of, spec.all_switches, title, district)


def _first_day(contract: Contract, fiscal_year: int) -> dt.date:
    from ..engine.dates import fiscal_year_bounds

    return fiscal_year_bounds(fiscal_year, contract.fiscal_year_start)[0]


__all__ = ["FILE_NAME", "AUDIENCE", "page_html", "member_page", "scenario_member_page"]

"""A negotiation costed round by round: each offer's cost, the gap to the other side, how far each side moved.

Every round of a rounds file (:mod:`costing.inputs.rounds`) is costed in ONE costing, through the
one scenario loader (a :class:`~costing.inputs.scenario.ScenarioInputs` and
:func:`costing.engine.costing_run.cost_inputs`): the roster is read and encoded once, and every
round is projected on the same roster, contract, years, roster date and options, so two rounds
differ only by what was offered. On its own (:func:`cost_rounds`) a rounds file is costed on what
it names; named by a scenario (:func:`cost_scenario_rounds`) it is costed with the scenario's own
options, in the same costing as the scenario's proposals, so a proposal has one cost in a report.
The figures below are pure functions of that costing:

* **cost** of each round per fiscal year and over the costed years, and its **new money** over the
  status quo (the round's cost less the status quo's in the same year);
* the **gap** to the other side's latest standing offer: this round's cost less that offer's
  (signed: a union offer above the committee's gives a positive gap, a committee offer below the
  union's a negative one); an agreement closes the gap, and a withdrawn offer stands no longer;
* how far each side **moved**: the round's cost less the same side's previous offer (an
  agreement moves both sides, each from its own last offer);
* each in dollars and in **points of the cost of 1%**: the dollars divided by the status quo's
  cost of a 1% raise in the same year (over the costed years, by the sum of the years' costs of
  1%, i.e. the raise that, held in every year, costs the same);
* the raise each round gives at one quoted cell (``quote_cell``) year by year, added up (simple
  sum) and compounded, beside the figures the press reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..engine import dates as d
from ..engine.costing_run import Costing, cost_inputs
from ..engine.rate_tables import rate_in_force
from ..errors import InputError
from ..inputs.models import Proposal, weakest
from ..inputs.rounds import SIDE_WORDS, STATUS_WORDS, Round, Rounds, load_rounds, resolve
from ..inputs.scenario import ProposalEntry, ScenarioInputs

TOTAL = "total"
BASELINE = "baseline"
CONVENTIONS = {
    "cost": "the round's total cost (salary, benefits, other costs) in the year, or summed over the costed years",
    "new_money": "the round's cost less the status quo's in the same year(s)",
    "gap": "the round's cost less the other side's latest standing offer (positive: above it)",
    "moved": "a side's offer less its own previous offer (an agreement: less each side's last offer)",
    "points": "dollars divided by the status quo's cost of a 1% raise in the same year; over the costed years, "
              "by the sum of the years' costs of 1% (a raise held in every year)",
    "quoted_rates": "the raise at the quoted cell: each fiscal year's change in the cell's year-end rate; simple sum "
                    "adds the years' percents, compounded multiplies them",
}


@dataclass(frozen=True)
class RoundsCosting:
    """A rounds file and the one costing of all its rounds (scenario per distinct set of proposal files)."""

    spec: Rounds
    path: Path
    costing: Costing
    scenarios: tuple[str | None, ...]   # per round: its scenario in the costing (None: a withdrawal)

    @property
    def years(self) -> list[int]:
        return self.costing.years

    def label(self, index: int) -> str:
        """A round's short name: its own label, else its proposal's label or title, else its status."""
        item = self.spec.rounds[index]
        if item.label:
            return item.label
        proposal = self.costing.proposals.get(self.scenarios[index] or "")
        if proposal is not None:
            return proposal.label or proposal.title
        return f"{SIDE_WORDS[item.side]} {STATUS_WORDS[item.status]}"


def cost_rounds(path: str | Path) -> RoundsCosting:
    """A rounds file costed on its own (``costing rounds``, ``costing validate``): on the roster, contract,
    years, roster date and switches it names, through the one scenario loader; a mistake names the file."""
    path = Path(path)
    spec = load_rounds(path)
    entries, scenarios = round_entries(spec, path)
    inputs = ScenarioInputs(path=path, roster=resolve(path, spec.roster), contract=resolve(path, spec.contract),
                            proposals=entries, years=tuple(spec.fiscal_years()), switches=spec.switches,
                            as_of=spec.as_of)
    return _costed(spec, path, inputs, scenarios)


def cost_scenario_rounds(scenario: ScenarioInputs) -> RoundsCosting | None:
    """The rounds a scenario names (``rounds:``), costed as the scenario is: None if it names none.

    The rounds are costed with the scenario's own years, roster date, proration, roll-up rates,
    moves and switches (its :class:`~costing.inputs.scenario.ScenarioInputs`, options included), in
    one costing that also holds the scenario's own proposals under their own names, so a proposal
    offered in a round and compared in the report is one scenario costed one way. The rounds file's
    own years, roster date and switches serve ``costing rounds`` alone; its roster and contract must
    be the scenario's (else an error naming the scenario's ``rounds`` key).
    """
    if scenario.rounds is None:
        return None
    path = scenario.rounds
    spec = load_rounds(path)
    for name in ("roster", "contract"):
        mine, theirs = getattr(scenario, name), resolve(path, getattr(spec, name))
        if mine != theirs:
            raise InputError(str(scenario.path), "rounds", f"{path.name} costs its rounds on {name} {theirs.name}"
                             f" ({theirs}), the scenario on {mine.name} ({mine}): name the same {name} in both")
    entries, scenarios = round_entries(spec, path, scenario.proposals)
    return _costed(spec, path, replace(scenario, proposals=entries), scenarios)


def round_entries(spec: Rounds, path: Path, costed: tuple[ProposalEntry, ...] = ()
                  ) -> tuple[tuple[ProposalEntry, ...], tuple[str | None, ...]]:
    """(the costing's scenarios, each round's scenario): a round whose files are already a scenario of
    ``costed`` (a scenario's own proposals) or of an earlier round is that scenario, costed once; the
    others are new scenarios ``round_N``. A withdrawal has none."""
    entries = list(costed)
    names = {tuple(files): name for name, files in entries}
    taken = set(names.values())
    scenarios: list[str | None] = []
    for i, item in enumerate(spec.rounds):
        if item.withdrawn:
            scenarios.append(None)
            continue
        files = tuple(resolve(path, f) for f in item.proposals)
        if files not in names:
            name = next(n for n in (f"round_{i + 1}", *(f"round_{i + 1}_{k}" for k in range(2, 99))) if n not in taken)
            names[files] = name
            taken.add(name)
            entries.append((name, files))
        scenarios.append(names[files])
    return tuple(entries), tuple(scenarios)


def _costed(spec: Rounds, path: Path, inputs: ScenarioInputs, scenarios: tuple[str | None, ...]) -> RoundsCosting:
    """Cost the rounds' scenarios in one costing, then check what needs the proposals and the contract read:
    each round's assumed terms said, and the quoted cell (``costing validate`` runs this too)."""
    rc = RoundsCosting(spec, path, cost_inputs(inputs), scenarios)
    check_assumed(rc)
    for scenario in dict.fromkeys(s for s in scenarios if s is not None):
        cell_rates(rc, scenario)  # a quote_cell the contract has not is the rounds file's mistake, found here
    return rc


def round_proposals(rc: RoundsCosting, index: int) -> list[Proposal]:
    """The proposals a round applies, as the costing read them (none for a withdrawal)."""
    name, files = rc.scenarios[index], rc.spec.rounds[index].proposals
    if name is None:
        return []
    if len(files) == 1:
        return [rc.costing.proposals[name]]
    return [rc.costing.proposals[f"{name}/{Path(f).stem}"] for f in files]


def round_status(rc: RoundsCosting, index: int) -> str:
    """stated, assumed or illustrative: the weakest status its proposal files mark on themselves or a change."""
    return weakest(*(status for p in round_proposals(rc, index) for status in (p.status, *(c.status for c in p.changes))))


def check_assumed(rc: RoundsCosting) -> None:
    """A round whose proposals mark terms assumed (or illustrative) says which in ``assumed``, and only such a round:
    the mark (docs/formats.md, "status") and the words a reader sees beside the round's figures cannot drift apart."""
    for i, item in enumerate(rc.spec.rounds):
        files = ", ".join(item.proposals)
        marked = round_status(rc, i) != "stated"
        if marked and not item.assumed:
            raise InputError(str(rc.path), f"rounds[{i + 1}].assumed", f"{files} marks terms {round_status(rc, i)}: say"
                             " which in a phrase (it is printed beside the round's figures)")
        if item.assumed and not marked:
            raise InputError(str(rc.path), f"rounds[{i + 1}].assumed", f"says terms were assumed, but {files or 'the round'}"
                             " marks none: give the assumed changes status: assumed (docs/formats.md, status)")


# ---- the figures ----------------------------------------------------------------------------------

def _totals(costing: Costing) -> dict[str, dict[str, float]]:
    """scenario -> {"FY2024": total, ..., "total": sum over the years}."""
    out: dict[str, dict[str, float]] = {}
    fig = costing.figures[costing.figures["period"] == "year"]   # each fiscal year (not the row over the term)
    fig = fig.assign(scenario=fig["scenario"].astype(str))
    for name, group in fig.groupby("scenario", sort=False):
        by_year = {f"FY{int(fy)}": round(float(v), 2) for fy, v in zip(group["fiscal_year"], group["total"])}
        by_year[TOTAL] = round(sum(by_year.values()), 2)
        out[str(name)] = by_year
    return out


def cost_of_one_percent(costing: Costing) -> dict[str, float]:
    """The status quo's cost of a 1% raise per fiscal year and summed over the costed years (the yardstick)."""
    fig = costing.figures[(costing.figures["scenario"].astype(str) == BASELINE) & (costing.figures["period"] == "year")]
    out = {f"FY{int(fy)}": round(float(v), 2) for fy, v in zip(fig["fiscal_year"], fig["cost_of_1pct"])}
    out[TOTAL] = round(sum(out.values()), 2)
    return out


@dataclass(frozen=True)
class Position:
    """Where a round stands against the others: whose offer its gap and movements are measured from."""

    against: int | None          # the other side's latest standing offer (round index), if any
    union_from: int | None       # the union's previous offer, if the round moves the union
    committee_from: int | None   # the committee's previous offer, if the round moves the committee


def positions(rounds: tuple[Round, ...]) -> list[Position]:
    """For each round: the other side's standing offer and each moving side's previous offer.

    A withdrawal ends the side's standing offer (the other side's next gap has nothing to be
    measured against) but not its record: the side's next offer moves from the withdrawn one.
    An agreement stands for both sides from then on.
    """
    standing: dict[str, int | None] = {"union": None, "committee": None}
    last: dict[str, int | None] = {"union": None, "committee": None}
    out = []
    for i, item in enumerate(rounds):
        if item.side == "joint":
            out.append(Position(None, last["union"], last["committee"]))
            standing = {"union": i, "committee": i}
            last = {"union": i, "committee": i}
        elif item.withdrawn:
            out.append(Position(None, None, None))
            standing[item.side] = None
        else:
            other = "committee" if item.side == "union" else "union"
            out.append(Position(standing[other], last["union"] if item.side == "union" else None,
                                last["committee"] if item.side == "committee" else None))
            standing[item.side] = i
            last[item.side] = i
    return out


def _points(dollars: float | None, yardstick: float) -> float | None:
    if dollars is None or not yardstick:
        return None
    return round(dollars / yardstick, 4)


def round_figures(rc: RoundsCosting) -> pd.DataFrame:
    """One row per round and period (each fiscal year, then ``total`` over the costed years).

    Columns: round (from 1), date, side, status, label, period, cost, new_money, against (round),
    gap, gap_points, union_from, union_moved, union_moved_points, committee_from, committee_moved,
    committee_moved_points, cost_of_1pct. A withdrawn round has no cost (empty figures).
    """
    totals = _totals(rc.costing)
    yardstick = cost_of_one_percent(rc.costing)
    periods = [f"FY{fy}" for fy in rc.years] + [TOTAL]
    where = positions(rc.spec.rounds)

    def cost(index: int | None, period: str) -> float | None:
        if index is None or rc.scenarios[index] is None:
            return None
        return totals[rc.scenarios[index]][period]

    def less(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else round(a - b, 2)

    rows = []
    for i, (item, pos) in enumerate(zip(rc.spec.rounds, where)):
        for period in periods:
            mine = cost(i, period)
            gap = less(mine, cost(pos.against, period))
            union = less(mine, cost(pos.union_from, period))
            committee = less(mine, cost(pos.committee_from, period))
            rows.append({
                "round": i + 1, "date": item.date.isoformat(), "time": item.time, "side": item.side,
                "status": item.status, "label": rc.label(i), "period": period, "cost": mine,
                "new_money": less(mine, totals[BASELINE][period]),
                "against": None if pos.against is None else pos.against + 1, "gap": gap,
                "gap_points": _points(gap, yardstick[period]),
                "union_from": None if union is None else pos.union_from + 1, "union_moved": union,
                "union_moved_points": _points(union, yardstick[period]),
                "committee_from": None if committee is None else pos.committee_from + 1,
                "committee_moved": committee, "committee_moved_points": _points(committee, yardstick[period]),
                "cost_of_1pct": yardstick[period],
            })
    return _typed(pd.DataFrame(rows))


ROUND_NUMBERS = ("against", "union_from", "committee_from")


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Round numbers as nullable integers, figures as floats (a missing figure is NaN, null in JSON)."""
    for column in frame.columns:
        if column in ROUND_NUMBERS:
            frame[column] = frame[column].astype("Int64")
        elif column in ("cost", "new_money", "gap", "gap_points", "union_moved", "union_moved_points",
                        "committee_moved", "committee_moved_points", "cost_of_1pct", "union", "committee",
                        "union_new_money", "committee_new_money"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def round_summary(rc: RoundsCosting) -> pd.DataFrame:
    """The rounds over the costed years: :func:`round_figures` at period ``total``, with each round's source and
    what of its terms was assumed."""
    frame = round_figures(rc)
    frame = frame[frame["period"] == TOTAL].drop(columns=["period"]).reset_index(drop=True)
    frame["source"] = [r.source.text() for r in rc.spec.rounds]
    frame["assumed"] = [r.assumed for r in rc.spec.rounds]
    return frame


def standing_offers(rc: RoundsCosting, period: str = TOTAL) -> pd.DataFrame:
    """After each round: each side's standing offer (cost and new money) and the gap between them.

    What a timeline shows: the union's and the committee's offers converging round by round, the
    gap (union less committee) shrinking, and the agreement closing it.
    """
    totals = _totals(rc.costing)
    yardstick = cost_of_one_percent(rc.costing)[period]
    base = totals[BASELINE][period]
    standing: dict[str, float | None] = {"union": None, "committee": None}
    rows = []
    for i, item in enumerate(rc.spec.rounds):
        value = None if rc.scenarios[i] is None else totals[rc.scenarios[i]][period]
        if item.side == "joint":
            standing = {"union": value, "committee": value}
        else:
            standing[item.side] = value
        gap = (None if standing["union"] is None or standing["committee"] is None
               else round(standing["union"] - standing["committee"], 2))
        rows.append({"round": i + 1, "date": item.date.isoformat(), "side": item.side, "status": item.status,
                     "label": rc.label(i), "union": standing["union"], "committee": standing["committee"],
                     "union_new_money": None if standing["union"] is None else round(standing["union"] - base, 2),
                     "committee_new_money": None if standing["committee"] is None else round(standing["committee"] - base, 2),
                     "gap": gap, "gap_points": _points(gap, yardstick)})
    return _typed(pd.DataFrame(rows))


# ---- the raise as quoted ------------------------------------------------------------------------

def _year_end(fy: int, fiscal_year_start: str) -> dt.date:
    return d.fiscal_year_bounds(fy, fiscal_year_start)[1] - dt.timedelta(days=1)


def cell_rates(rc: RoundsCosting, scenario: str) -> dict[int, Decimal]:
    """The quoted cell's rate at the end of each fiscal year (and of the year before the first); {} without
    a ``quote_cell``. A cell the scenario's contract has not is an error naming the rounds file."""
    cell = rc.spec.quote_cell
    if cell is None:
        return {}
    contract = rc.costing.contracts[scenario]
    try:
        schedule = contract.schedule(cell.schedule)
    except KeyError:
        raise InputError(str(rc.path), "quote_cell.schedule", f"the contract has no schedule {cell.schedule!r} (it has"
                         f" {', '.join(s.name for s in contract.schedules)})") from None
    years = [rc.years[0] - 1, *rc.years]
    try:
        return {fy: rate_in_force(schedule, cell.lane, cell.step, _year_end(fy, contract.fiscal_year_start))
                for fy in years}
    except ValueError as exc:
        raise InputError(str(rc.path), "quote_cell", f"{exc}: name a lane and step of the schedule") from None


def quoted_rates(rc: RoundsCosting) -> pd.DataFrame:
    """Per round: the raise at the quoted cell in each fiscal year, its simple sum and its compounding,
    as fractions (0.025 is 2.5%) like every rate costing writes (docs/api.md).

    The year's raise is the change in the cell's year-end rate over the year before, so it holds
    every raise of the year whatever its form (a percent, a flat amount, a rebuilt schedule), at
    the rounding the contract states. Empty if the rounds file names no ``quote_cell``.
    """
    if rc.spec.quote_cell is None:
        return pd.DataFrame()
    rows = []
    for i, item in enumerate(rc.spec.rounds):
        row: dict = {"round": i + 1, "date": item.date.isoformat(), "side": item.side, "label": rc.label(i)}
        scenario = rc.scenarios[i]
        if scenario is not None:
            rates = cell_rates(rc, scenario)
            pcts = [float(rates[fy] / rates[fy - 1] - 1) for fy in rc.years]
            for fy, pct in zip(rc.years, pcts):
                row[f"FY{fy}_pct"] = round(pct, 6)
            row["simple_pct"] = round(sum(pcts), 6)
            row["compounded_pct"] = round(float(rates[rc.years[-1]] / rates[rc.years[0] - 1] - 1), 6)
        row["reported"] = "; ".join(_reported_text(r) for r in item.reported)
        rows.append(row)
    return pd.DataFrame(rows)


def _reported_text(reported) -> str:
    figure = (f"{reported.percent}%" if reported.percent is not None
              else f"${reported.amount:,.0f}" if reported.amount is not None else "")
    return f"{figure} {reported.what} ({reported.source.text()})".strip()


# ---- everything, for --format json ----------------------------------------------------------------

def rounds_record(rc: RoundsCosting) -> dict:
    """The whole negotiation as one JSON-ready mapping: the inputs, each round with its figures, the yardstick."""
    figures = round_figures(rc)
    rates = quoted_rates(rc).set_index("round") if rc.spec.quote_cell is not None else None
    keep = ["cost", "new_money", "gap", "gap_points", "union_moved", "union_moved_points", "committee_moved",
            "committee_moved_points"]
    out = []
    for i, item in enumerate(rc.spec.rounds):
        mine = figures[figures["round"] == i + 1].set_index("period")
        record = {
            "round": i + 1, "date": item.date.isoformat(), "time": item.time or None, "side": item.side,
            "status": item.status, "label": rc.label(i), "proposals": list(item.proposals),
            "source": {"who": item.source.who, "when": item.source.when.isoformat(), "link": item.source.link,
                       "title": item.source.title},
            "reported": [{"what": r.what, "percent": None if r.percent is None else float(r.percent),
                          "amount": None if r.amount is None else float(r.amount),
                          "source": {"who": r.source.who, "when": r.source.when.isoformat(), "link": r.source.link}}
                         for r in item.reported],
            "note": item.note, "assumed": item.assumed, "terms": round_status(rc, i),
            "against": _int(mine.at[TOTAL, "against"]), "union_from": _int(mine.at[TOTAL, "union_from"]),
            "committee_from": _int(mine.at[TOTAL, "committee_from"]),
            "years": {p: {k: _num(mine.at[p, k]) for k in keep} for p in mine.index if p != TOTAL},
            "total": {k: _num(mine.at[TOTAL, k]) for k in keep},
        }
        if rates is not None and "simple_pct" in rates.columns and not pd.isna(rates.at[i + 1, "simple_pct"]):
            record["quoted_rates"] = {"years": {f"FY{fy}": _num(rates.at[i + 1, f"FY{fy}_pct"]) for fy in rc.years},
                                      "simple_pct": _num(rates.at[i + 1, "simple_pct"]),
                                      "compounded_pct": _num(rates.at[i + 1, "compounded_pct"])}
        out.append(record)
    status_quo = _totals(rc.costing)[BASELINE]
    cell = rc.spec.quote_cell
    return {"title": rc.spec.title, "district": rc.spec.district, "years": [f"FY{fy}" for fy in rc.years],
            "status_quo": status_quo, "cost_of_1pct": cost_of_one_percent(rc.costing),
            "quote_cell": None if cell is None else {"schedule": cell.schedule, "lane": cell.lane, "step": cell.step},
            "rounds": out, "conventions": dict(CONVENTIONS)}


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


__all__ = ["RoundsCosting", "cost_rounds", "cost_scenario_rounds", "round_entries",
           "round_proposals", "round_status", "check_assumed", "round_figures", "round_summary", "standing_offers", "quoted_rates",
           "cell_rates", "cost_of_one_percent", "positions", "Position", "rounds_record", "CONVENTIONS", "TOTAL"]

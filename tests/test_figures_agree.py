"""One figure, one value: the API, the command line, the workbook and the PDF/HTML report agree.

One report is built for the module: Chelsea's compare scenario with both report notebooks (the
scenario report, then the compare report), so page 1, the tables of both, the reconciliation and
every sheet of the workbook are there. Every expected value is selected from the API's figures frame
(``costing.cost(...).measures``, :func:`costing.engine.measures.select`), never taken from the
report's own functions; the report is then read back as a reader gets it (HTML tables by caption,
PDF text, the workbook's cells with openpyxl) and the command line as a script gets it (JSON).
"""

from __future__ import annotations

import io
import json
import math
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader

import costing
from costing.cli.main import main
from costing.engine.measures import TERM, select
from costing.report import format as fmt
from costing.report import glossary as g
from costing.report.workbook import SUMMARY_COLUMNS, sheet_name

pytestmark = pytest.mark.report   # builds reports: left out of the fast loop (pytest -m "not report")

ROOT = Path(__file__).resolve().parent.parent
YEARS = [2025, 2026, 2027]
PROPOSALS = ["moa_2024", "union_counter"]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    """data/chelsea copied, with a scenario listing both report notebooks."""
    folder = tmp_path_factory.mktemp("agree") / "chelsea"
    shutil.copytree(ROOT / "data" / "chelsea", folder)
    spec = yaml.safe_load((folder / "compare.yaml").read_text())
    spec.update(notebooks=["scenario_report", "compare_proposals"])
    spec.pop("output", None)
    path = folder / "both.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def report(scenario) -> Path:
    out = scenario.parent.parent / "report"
    result = subprocess.run([sys.executable, "-m", "costing", "report", str(scenario), "--out", str(out), "--timeout", "600"],
                            capture_output=True, text=True, cwd=ROOT, timeout=1800)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def api(scenario):
    return costing.cost(scenario)


def _label(api, name: str) -> str:
    from costing.report.tables import scenario_label

    return scenario_label(api.costing, name)


def _values(api, measure: str, convention: str, name: str, population: str | None = None) -> dict:
    return select(api.measures, measure, convention, name, population=population).to_dict()


def _same(got, want, what, percent: bool = False) -> None:
    if want is None or (isinstance(want, float) and math.isnan(want)):
        assert got is None or (isinstance(got, float) and math.isnan(got)), what
        return
    assert got == pytest.approx(want, abs=1e-7 if percent else 0.005), what


# ---- the command line ------------------------------------------------------------------------------

def _project(scenario: Path, *extra: str):
    folder = scenario.parent
    args = ["project", "--roster", str(folder / "roster.csv"), "--contract", str(folder / "contract.yaml"),
            *[a for p in PROPOSALS for a in ("--proposal", str(folder / "proposals" / f"{p}.yaml"))],
            "--years", "2025-2027", "--as-of", "2024-07-01", *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result


def _same_table(got: pd.DataFrame, want: pd.DataFrame, what: str) -> None:
    """Two tables of costing project's shape: the same columns in the same order, the same rows, every
    figure to the cent (rates to the 6 decimals a CSV carries)."""
    assert list(got.columns) == list(want.columns), what
    assert len(got) == len(want) == 12, what                                  # 3 scenarios x (3 years and the term)
    for column in want.columns:
        for i, (g_, w) in enumerate(zip(got[column], want[column])):
            if column in ("scenario", "label", "period"):
                assert str(g_) == str(w), (what, column, i)
            elif column == "fiscal_year":
                assert (pd.isna(g_) and pd.isna(w)) or int(g_) == int(w), (what, column, i)
            elif column == "in_term":
                assert bool(g_) == bool(w), (what, column, i)
            elif pd.isna(w):
                assert pd.isna(g_), (what, column, i)
            else:   # money to the cent; a rate to the 6 decimals a CSV carries (0.0001 of a percent)
                assert float(g_) == pytest.approx(float(w), abs=5.1e-7 if column.endswith("_pct") else 0.005), \
                    (what, column, i)


def test_costing_project_is_the_api_figures_in_json_csv_and_parquet(api, scenario, tmp_path):
    """Issue 25 item 7: CostResult.figures is costing project's table, column for column, in every format."""
    want = api.figures
    _same_table(pd.DataFrame(json.loads(_project(scenario, "--format", "json").stdout)), want, "json")
    _same_table(pd.read_csv(io.StringIO(_project(scenario, "--format", "csv").stdout)), want, "csv")
    _project(scenario, "--out", str(tmp_path / "figures.parquet"))
    parquet = pd.read_parquet(tmp_path / "figures.parquet")
    assert str(parquet["fiscal_year"].dtype) == "Int64"                       # integers, the term row missing
    _same_table(parquet, want, "parquet")
    rates = [c for c in want.columns if c.endswith("_pct")]
    assert rates and want[rates].abs().max().max() < 1                        # fractions, never 23.1 for 23.1%


def _year(row: dict):
    return TERM if row["period"] == "term" else row["fiscal_year"]


def test_costing_compare_json_is_the_frame(api, scenario):
    result = CliRunner().invoke(main, ["compare", "--scenario", str(scenario), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for row in data["side_by_side"]:
        assert row["label"] == _label(api, row["scenario"])
        for column, measure, convention, population in (
                ("total", "cost", "all_in", None), ("new_money", "diff_baseline", "all_in", None),
                ("new_money_pct", "diff_baseline_pct", "all_in", None),
                ("cost_pct", "change_prior_pct", "all_in", "budget_line"),
                ("same_group_pct", "change_prior_pct", "all_in", "same_group"),
                ("lift_pct", "change_prior_pct", "lift", "same_group")):
            _same(row[column], _values(api, measure, convention, row["scenario"], population)[_year(row)], (row, column),
                  column.endswith("_pct"))
    from costing.negotiate.compare import FRAME_CONVENTIONS, SIMPLE_SUMS

    for row in data["settlement"]:
        for column, (convention, population) in FRAME_CONVENTIONS.items():
            _same(row[column], _values(api, "change_prior_pct", convention, row["scenario"], population)[_year(row)],
                  (row, column), True)
        for column, (convention, population) in SIMPLE_SUMS.items():
            if row["period"] == "term":
                _same(row[column], _values(api, "simple_sum_pct", convention, row["scenario"], population)[TERM],
                      (row, column), True)
    for row in data["gaps"]:
        want = (_values(api, "cost", "all_in", row["scenario"])[_year(row)]
                - _values(api, "cost", "all_in", row["against"])[_year(row)])
        _same(row["gap"], round(want, 2), (row["scenario"], row["against"], _year(row)))


# ---- page 1, as the report, the PDF and the workbook show it -------------------------------------------

def _nonzero(values: dict) -> bool:
    return any(abs(v) >= 0.005 for k, v in values.items() if k != TERM and not math.isnan(v))


def page_one(api, name: str) -> list[tuple[str, str, str, dict]]:
    """(section, row label, kind, {fiscal year or TERM: value}) of a proposal's settlement summary, read from
    the API's frame with the glossary's words (issue 22: every rate names its population and convention)."""
    cost = f"Cost under {_label(api, name)}"
    prior = g.label("new_money_prior")
    rates = "Rates over the prior year (same group; the raise as quoted)"
    sq = f"{g.label('new_money_status_quo')} (each year's cost items; over the term, cumulative)"
    rows = [(cost, g.label("salary"), "money", "cost", "salary", None, name),
            (cost, g.label("benefits"), "money", "cost", "benefits", None, name),
            (cost, g.label("other_costs"), "money", "cost", "other_costs", None, name),
            (cost, "Total cost", "money", "cost", "all_in", None, name),
            (cost, f"{g.STATUS_QUO}: total cost", "money", "cost", "all_in", None, "baseline"),
            (prior, "Total cost, $ (budget line)", "money", "change_prior", "all_in", "budget_line", name),
            (prior, "Of which the same group, $", "money", "change_prior", "all_in", "same_group", name)]
    for line in ("leavers", "hires", "new_positions", "fte_changes", "unit_lines"):
        if _nonzero(_values(api, "change_prior", "all_in", name, line)):
            rows.append((prior, f"Of which {g.POPULATIONS[line].short}, $", "money", "change_prior", "all_in", line, name))
    rows.append((prior, g.pct_label("Increase", "all_in", "budget_line"), "percent", "change_prior_pct", "all_in",
                 "budget_line", name))
    shown: list[list] = []
    for convention, population in (("all_in", "same_group"), ("salary", "same_group"), ("base_fixed", "same_group"),
                                   ("atb_rate", "same_group"), ("quoted", "stated")):
        values = _values(api, "change_prior_pct", convention, name, population)
        twin = next((r for r in shown if all(math.isclose(r[6][k], v, abs_tol=5e-7) or (math.isnan(r[6][k]) and math.isnan(v))
                                             for k, v in values.items())), None)
        if twin is not None:
            twin[1] += f" = {g.CONVENTIONS[convention].short}"
            continue
        what = "Raise" if convention == "quoted" else "Increase"
        shown.append([rates, g.pct_label(what, convention, population), "percent", "change_prior_pct", convention,
                      population, values])
    rows += [(section, text, kind, measure, convention, population, name)
             for section, text, kind, measure, convention, population, _ in shown]
    for convention, population in (("quoted", "stated"), ("atb_rate", "same_group")):
        rows.append((rates, g.pct_label("Simple sum of the yearly rates", convention, population), "percent",
                     "simple_sum_pct", convention, population, name))
    rows += [(sq, "Salary, $", "money", "diff_baseline", "salary", None, name),
             (sq, "Benefits, $", "money", "diff_baseline", "benefits", None, name),
             (sq, "Other costs, $", "money", "diff_baseline", "other_costs", None, name),
             (sq, "Total cost, $", "money", "diff_baseline", "all_in", None, name),
             (sq, g.pct_label("Over the status quo", "all_in"), "percent", "diff_baseline_pct", "all_in", None, name),
             (sq, g.pct_label("Over the status quo", "salary"), "percent", "diff_baseline_pct", "salary", None, name),
             (sq, "Run rate: FY2027 cost over FY2024 (base year), $", "money", "run_rate", "all_in", None, name),
             (sq, "Run rate: FY2027 over FY2024 % (all-in cost)", "percent", "run_rate_pct", "all_in", None, name),
             ("Yardsticks", f"{g.label('cost_of_1pct')} (base pay, with roll-up)", "money", "cost_of_1pct",
              "base_with_rollup", None, name),
             ("Yardsticks", f"{g.label('headcount')} at year end", "count", "headcount", "year_end", None, name),
             ("Yardsticks", "Same group: people employed in the year and the year before", "count", "people",
              "employed", "same_group", name),
             ("Yardsticks", f"{g.label('fte')} at year end", "fte", "fte", "year_end", None, name),
             ("Yardsticks", "All-in cost per FTE (salary, benefits and other costs ÷ FTE at year end)", "money",
              "per_fte", "all_in", None, name)]
    return [(section, text, kind, _values(api, m, c, scenario, population))
            for section, text, kind, m, c, population, scenario in rows]


SHOWN = {"money": fmt.money, "percent": fmt.percent, "count": fmt.count, "fte": fmt.fte}


def shown(kind: str, value) -> str:
    return SHOWN[kind](value) or "n/a"


class Tables(HTMLParser):
    """Every table of a report page: its caption (the <p class="caption"> before it) and its rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._caption, self._in_caption, self._rows, self._cell = "", False, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "p" and ("class", "caption") in attrs:
            self._in_caption, self._caption = True, ""
        elif tag == "table" and self._caption:
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(self._cell.strip())
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables.append((self._caption, self._rows))
            self._rows, self._caption = None, ""

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        if self._cell is not None:
            self._cell += data


def html_tables(path: Path) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return dict(parser.tables)


def _summary_rows(rows: list[list[str]]) -> dict[tuple[str, str], list[str]]:
    """A settlement summary's rows keyed by (section, label); a one-cell row is a section heading."""
    out, section = {}, ""
    for cells in rows[1:]:
        if len(cells) == 1:
            section = cells[0]
        else:
            out[(section, cells[0])] = cells[1:]
    return out


@pytest.mark.parametrize("page", ["report.html", "compare_proposals.html"])
def test_page_one_in_the_html_is_the_frame(api, report, page):
    tables = html_tables(report / page)
    for name in PROPOSALS:
        shown_rows = _summary_rows(tables[f"Settlement summary: {_label(api, name)}"])
        for section, text, kind, values in page_one(api, name):
            assert shown_rows[(section, text)] == [shown(kind, values.get(y, float("nan"))) for y in [*YEARS, TERM]], \
                (name, section, text)


@pytest.mark.parametrize("page", ["report.pdf", "compare_proposals.pdf"])
def test_page_one_in_the_pdf_is_the_frame(api, report, page):
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(report / page)).pages)
    for name in PROPOSALS:
        for _, label, kind, values in page_one(api, name):
            for value in values.values():
                assert shown(kind, value) in text, (page, name, label, value)


def sheet(book, name: str) -> tuple[list[str], list[tuple], list[tuple]]:
    """A sheet's header, its Excel Table's rows and the total rows below the Table."""
    ws = book[name]
    (ref,) = [t.ref for t in ws.tables.values()]
    first, last = ws[ref.split(":")[0]].row, ws[ref.split(":")[1]].row
    header = [c.value for c in ws[first]]
    body = list(ws.iter_rows(min_row=first + 1, max_row=last, values_only=True))
    below = [r for r in ws.iter_rows(min_row=last + 1, values_only=True) if any(v is not None for v in r)]
    return header, body, below


@pytest.fixture(scope="module")
def book(report):
    return load_workbook(report / "workbook.xlsx")


def test_workbook_settlement_sheets_are_page_one(api, book):
    for name in PROPOSALS:
        header, body, _ = sheet(book, sheet_name("Settlement", api.costing, name))
        cells = {(r[0], r[1]): r[2:] for r in body}
        for section, text, kind, values in page_one(api, name):
            want = [values.get(y, float("nan")) for y in [*YEARS, TERM]]
            got = list(cells[(section, text)])          # rates are fractions in the workbook as in the frame
            for g_, w in zip(got, want):
                _same(g_, w, (name, text), kind == "percent")


def _num(value) -> float:
    return float("nan") if pd.isna(value) else float(value)


def test_workbook_summary_is_the_frame(api, book):
    """The Summary sheet is costing project's figures: each year's row, then each scenario over the term below
    the Table; rates are fractions in both; salary + benefits + other costs = total in every row."""
    header, body, below = sheet(book, "Summary")
    col = {h: i for i, h in enumerate(header)}
    labels = {_label(api, n): n for n in api.costing.contracts}
    figures = api.figures
    years = figures[figures["period"] == "year"].assign(fiscal_year=lambda f: f["fiscal_year"].astype(int))
    years = years.set_index(["scenario", "fiscal_year"])
    over = figures[figures["period"] == "term"].set_index("scenario")
    assert len(body) == len(years) and len(below) == len(over)
    for row in body:
        key = (labels[row[col["Scenario"]]], int(row[col["Fiscal year"]]))
        for column, text, kind in SUMMARY_COLUMNS:
            _same(row[col[text]], _num(years.at[key, column]), (key, column), kind == "percent")
        parts = [row[col[g.label(p)]] for p in ("salary", "benefits", "other_costs")]
        assert round(sum(parts), 2) == pytest.approx(row[col["Total cost"]], abs=0.001), key   # the parts add up
    for row in below:   # each scenario over the term, as page 1's term column
        name = labels[row[col["Scenario"]].removeprefix("Total: ")]
        for column, text, kind in SUMMARY_COLUMNS:
            _same(row[col[text]], _num(over.at[name, column]), (name, column), kind == "percent")
        parts = [row[col[g.label(p)]] for p in ("salary", "benefits", "other_costs")]
        assert round(sum(parts), 2) == pytest.approx(row[col["Total cost"]], abs=0.001), name


# ---- the tables behind page 1 -----------------------------------------------------------------------

def _money(text: str) -> float:
    negative = text.startswith("(")
    value = float(text.strip("()").replace("$", "").replace(",", ""))
    return -value if negative else value


def test_rate_changes_are_one_figure_in_the_report_workbook_and_reconciliation(api, report, book):
    """Issue 22's "one named figure, two values": the drivers table's rate changes over the status quo are the
    reconciliation's full-year size plus timing, in the HTML and in the workbook."""
    tables = html_tables(report / "compare_proposals.html")
    drivers = html_tables(report / "report.html")
    for i, name in enumerate(PROPOSALS, start=1):
        rate_changes = _values(api, "rate_changes", "base_fixed", name)
        rows = {r[0]: r[1:] for r in drivers[f"{_label(api, name)}: what drives base pay"][1:]}
        assert rows[f"{g.label('rate_changes')} (in-year)"] == [fmt.money(rate_changes[y]) for y in YEARS]
        bridge = {r[0]: r[1:] for r in tables[f"Reconciliation: {_label(api, name)} minus {g.STATUS_QUO}, "
                                               "in parts that add up to the cent"][1:]}
        for k, fy in enumerate([*YEARS, TERM]):
            parts = _money(bridge[g.label("rate_changes_full_year")][k]) + _money(bridge[g.label("timing")][k])
            assert parts == pytest.approx(rate_changes[fy], abs=0.015), (name, fy)
        header, body, below = sheet(book, f"Reconciliation {i}")
        cells = {r[0]: r[1:] for r in body}
        for k, fy in enumerate([*YEARS, TERM]):
            parts = cells[g.label("rate_changes_full_year")][k] + cells[g.label("timing")][k]
            assert parts == pytest.approx(rate_changes[fy], abs=0.015), (name, fy)
        wb_rows = {(r[0], r[1]): r for r in sheet(book, "Summary")[1]}
        col = sheet(book, "Summary")[0].index(f"{g.label('rate_changes')} (in-year)")
        for fy in YEARS:
            assert wb_rows[(_label(api, name), fy)][col] == pytest.approx(rate_changes[fy], abs=0.005)


def _year_of(text: str):
    return TERM if text.startswith("Over the term") else int(text[2:6])


def test_compare_tables_are_the_frame(api, report, book):
    tables = html_tables(report / "compare_proposals.html")
    side = tables["Side by side: cost and new money per fiscal year and over the term"]
    labels = {_label(api, n): n for n in api.costing.contracts}
    for cells in side[1:]:
        year, name = _year_of(cells[0]), labels[cells[1]]
        want = [shown("money", _values(api, "cost", "all_in", name)[year]),
                shown("money", _values(api, "diff_baseline", "all_in", name)[year]),
                shown("percent", _values(api, "diff_baseline_pct", "all_in", name)[year]),
                shown("percent", _values(api, "change_prior_pct", "all_in", name, "budget_line")[year]),
                shown("percent", _values(api, "change_prior_pct", "all_in", name, "same_group")[year]),
                shown("percent", _values(api, "change_prior_pct", "lift", name, "same_group")[year])]
        assert cells[2:] == want, cells
    from costing.negotiate.compare import FRAME_CONVENTIONS

    for name in api.costing.contracts:
        rows = tables[f"{_label(api, name)}: settlement percent by convention (increase over the year before)"]
        shown_rows = [tuple(cells[1:]) for cells in rows[1:]]
        _, body, _ = sheet(book, sheet_name("Settlement %", api.costing, name))
        in_book = [tuple(cells[1:]) for cells in body]
        for convention, population in FRAME_CONVENTIONS.values():
            values = _values(api, "change_prior_pct", convention, name, population)
            want = [values[y] for y in [*YEARS, TERM]]
            assert tuple(shown("percent", v) for v in want) in shown_rows, (name, convention)   # once, or merged
            assert any(all(math.isclose(g_, w, abs_tol=1e-9) for g_, w in zip(row, want)) for row in in_book), \
                (name, convention)


def test_scenario_report_tables_are_the_frame(api, report):
    tables = html_tables(report / "report.html")
    cost = tables["Total cost by fiscal year"]
    header = cost[0]
    for cells in cost[1:]:
        year = _year_of(cells[0])
        for text, value in zip(header[1:], cells[1:]):
            name = {_label(api, n): n for n in api.costing.contracts}[text]
            assert value == fmt.money(_values(api, "cost", "all_in", name)[year]), (text, year)
    for name in PROPOSALS:
        rows = {r[0]: r[1:] for r in tables[f"{_label(api, name)}: difference from the status quo by component"][1:]}
        total = _values(api, "diff_baseline", "all_in", name)
        assert rows["Total cost"][:4] == [fmt.money(total[y]) for y in [*YEARS, TERM]]
        prior = {r[0]: r[1:] for r in tables[f"{_label(api, name)}: cost over the prior year (total cost)"][1:]}
        change = _values(api, "change_prior", "all_in", name, "budget_line")
        same = _values(api, "change_prior", "all_in", name, "same_group")
        assert [prior[fmt.fiscal_year(y)][2] for y in YEARS] == [fmt.money(change[y]) for y in YEARS]
        assert [prior[fmt.fiscal_year(y)][3] for y in YEARS] == [fmt.money(same[y]) for y in YEARS]
        drivers = {r[0]: r[1:] for r in tables[f"{_label(api, name)}: what drives base pay"][1:]}
        per_fte = _values(api, "per_fte", "all_in", name)
        assert drivers["All-in cost per FTE (salary, benefits and other costs ÷ FTE at year end)"] == \
            [fmt.money(per_fte[y]) for y in YEARS]
        annualization = _values(api, "annualization", "year_end_rates", name)
        summary = {r[0]: r[1:] for r in tables[f"{_label(api, name)} against the status quo (total cost)"][1:]}
        assert [summary[fmt.fiscal_year(y)][-1] for y in YEARS] == [fmt.money(annualization[y]) for y in YEARS]


def test_not_included_never_contradicts_a_table(api, report):
    """Page 1's "Not included" is generated: what benefits cover and what is left out, against the tables."""
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "Benefits here are Medicare 1.45%" in page
    assert "Health insurance (no premiums are costed)" in page
    assert "contingent, not switched on" in page                       # Art. IV §K's early certification
    assert "health insurance and other benefits" not in page            # the typed line it replaced


# ---- page 1 (issue 23): the cost of settlement and the gap, as the HTML shows them ------------------------

def test_cost_of_settlement_on_page_one_is_the_frame(api, report):
    """Every cell of page 1's table is the frame's value in whole dollars (or its percent): base year = the
    first year's prior-year cost; steps, raises and everything else are three selections that add up."""
    from costing.report.table import FORMATTERS

    tables = html_tables(report / "report.html")
    rows = [
        ("Total cost (salary, benefits and other costs)", "Under Chelsea para MOA", "dollars", "cost", "all_in", None,
         "moa_2024"),
        ("Total cost (salary, benefits and other costs)", "Under the status quo", "dollars", "cost", "all_in", None,
         "baseline"),
        ("New money over the status quo: the cost of the agreement", "New money, $", "dollars", "diff_baseline", "all_in",
         None, "moa_2024"),
        ("New money over the status quo: the cost of the agreement", "Of which recurring, $", "dollars", "diff_baseline",
         "recurring", None, "moa_2024"),
        ("New money over the prior year (budget line)", "New money, $", "dollars", "change_prior", "all_in",
         "budget_line", "moa_2024"),
        ("New money over the prior year (budget line)", "Of which steps, $", "dollars", "step_movement_in_year",
         "roster_date_steps", None, "moa_2024"),
        ("New money over the prior year (budget line)", "Of which raises, $", "dollars", "change_prior", "base_fixed",
         None, "moa_2024"),
        ("New money over the prior year (budget line)", "Of which everything else, $", "dollars", "change_prior",
         "beyond_base", None, "moa_2024"),
        ("Yardsticks", "Cost of 1% (base pay with roll-up)", "dollars", "cost_of_1pct", "base_with_rollup", None,
         "moa_2024")]
    shown_rows = _summary_rows(tables[f"Cost of settlement: {_label(api, 'moa_2024')}"])
    for section, text, kind, measure, convention, population, name in rows:
        values = _values(api, measure, convention, name, population)
        base = ""
        if measure == "cost":
            base = FORMATTERS[kind](_values(api, "prior_year_cost", convention, name)[YEARS[0]])
        want = [base, *(FORMATTERS[kind](values.get(y, float("nan"))) for y in [*YEARS, TERM])]
        assert shown_rows[(section, text)] == want, (section, text)
    for year in YEARS:     # the split adds up to the cent
        parts = sum(_values(api, m, c, "moa_2024")[year] for m, c in (
            ("step_movement_in_year", "roster_date_steps"), ("change_prior", "base_fixed"), ("change_prior", "beyond_base")))
        assert abs(parts - _values(api, "change_prior", "all_in", "moa_2024", "budget_line")[year]) < 0.015


def test_the_gap_on_the_compare_page_one_is_the_frame(api, report):
    from costing.report.table import FORMATTERS

    tables = html_tables(report / "compare_proposals.html")
    shown_rows = _summary_rows(tables["The gap between the offers"])
    section = "The gap: ILLUSTRATIVE union counter over Chelsea para MOA"
    gap = {y: _values(api, "cost", "all_in", "union_counter")[y] - _values(api, "cost", "all_in", "moa_2024")[y]
           for y in [*YEARS, TERM]}
    assert shown_rows[(section, "Gap, $")] == [FORMATTERS["dollars"](round(gap[y], 2)) for y in [*YEARS, TERM]]
    one = _values(api, "cost_of_1pct", "base_with_rollup", "baseline")
    points = [round(gap[y] / one[y], 4) for y in YEARS] + [round(gap[TERM] / sum(one[y] for y in YEARS), 4)]
    assert shown_rows[(section, "Gap in points of the cost of 1%")] == [fmt.fte(p) for p in points]
    assert fmt.money(round(gap[TERM], 2)) in (report / "compare_proposals.html").read_text()   # the sentence: $387,258.41

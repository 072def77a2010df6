"""One figure, one value: the API, the command line, the workbook and the PDF/HTML report agree.

One report is built for the module: Chelsea's compare scenario with both report notebooks (the
scenario report, then the compare report), so page 1, the tables of both, the reconciliation and
every sheet of the workbook are there. Every expected value is selected from the API's figures frame
(``costing.cost(...).measures``, :func:`costing.engine.measures.select`), never taken from the
report's own functions; the report is then read back as a reader gets it (HTML tables by caption,
PDF text, the workbook's cells with openpyxl) and the command line as a script gets it (JSON).
"""

from __future__ import annotations

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
from costing.engine import measures
from costing.engine.measures import WINDOW, select
from costing.report import format as fmt
from costing.report import glossary as g
from costing.report.workbook import SUMMARY_COLUMNS, sheet_name

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


def _values(api, measure: str, convention: str, name: str) -> dict:
    return select(api.measures, measure, convention, name).to_dict()


def _same(got, want, what, percent: bool = False) -> None:
    if want is None or (isinstance(want, float) and math.isnan(want)):
        assert got is None or (isinstance(got, float) and math.isnan(got)), what
        return
    assert got == pytest.approx(want, abs=1e-7 if percent else 0.005), what


# ---- the command line ------------------------------------------------------------------------------

def test_costing_project_json_is_the_api(api, scenario):
    folder = scenario.parent
    args = ["project", "--roster", str(folder / "roster.csv"), "--contract", str(folder / "contract.yaml"),
            *[a for p in PROPOSALS for a in ("--proposal", str(folder / "proposals" / f"{p}.yaml"))],
            "--years", "2025-2027", "--as-of", "2024-07-01", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    rows = pd.DataFrame(json.loads(result.stdout)).set_index(["scenario", "fiscal_year"])
    figures = api.figures.assign(scenario=api.figures["scenario"].astype(str)).set_index(["scenario", "fiscal_year"])
    components = api.components.assign(scenario=api.components["scenario"].astype(str)).set_index(["scenario", "fiscal_year"])
    assert len(rows) == len(figures) == 9
    for column in rows.columns:
        want = figures[column] if column in figures.columns else components[column]
        for key, value in rows[column].items():
            _same(value, float(want[key]), (column, key), column.endswith("_pct"))


def test_costing_compare_json_is_the_frame(api, scenario):
    result = CliRunner().invoke(main, ["compare", "--scenario", str(scenario), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for row in data["side by side"]:
        year = WINDOW if row["fiscal_year"] == "contract" else row["fiscal_year"]
        for column, measure, convention in (("total", "cost", "all_in"), ("new_money", "diff_baseline", "all_in"),
                                            ("new_money_pct", "diff_baseline_pct", "all_in"),
                                            ("cost_pct", "change_prior_pct", "all_in"),
                                            ("lift_pct", "change_prior_pct", "lift")):
            _same(row[column], _values(api, measure, convention, row["scenario"])[year], (row, column),
                  column.endswith("_pct"))
    for row in data["settlement"]:
        year = WINDOW if row["fiscal_year"] == "contract" else row["fiscal_year"]
        for column, convention in (("all_in_pct", "all_in"), ("recurring_pct", "recurring"),
                                   ("base_with_steps_pct", "base_with_steps"), ("base_atb_pct", "base_fixed"),
                                   ("atb_rate_pct", "atb_rate")):
            _same(row[column], _values(api, "change_prior_pct", convention, row["scenario"])[year], (row, column), True)
    for row in data["gaps"]:
        for fy in YEARS:
            want = _values(api, "cost", "all_in", row["scenario"])[fy] - _values(api, "cost", "all_in", row["against"])[fy]
            _same(row[f"FY{fy}"], round(want, 2), (row["scenario"], row["against"], fy))


# ---- page 1, as the report, the PDF and the workbook show it -------------------------------------------

def page_one(api, name: str) -> list[tuple[str, str, str, dict]]:
    """(section, row label, kind, {fiscal year or WINDOW: value}) of a proposal's settlement summary."""
    cost, prior, sq = f"Cost under {_label(api, name)}", g.label("new_money_prior"), g.label("new_money_status_quo")
    rows = [(cost, g.label("salary"), "money", "cost", "salary", name),
            (cost, g.label("benefits"), "money", "cost", "benefits", name),
            (cost, g.label("other_costs"), "money", "cost", "other_costs", name),
            (cost, "Total cost", "money", "cost", "all_in", name),
            (cost, f"{g.STATUS_QUO}: total cost", "money", "cost", "all_in", "baseline"),
            (prior, "Total cost, $", "money", "change_prior", "all_in", name),
            *((prior, g.pct_label("Increase", c), "percent", "change_prior_pct", c, name)
              for c in ("all_in", "salary", "base_fixed", "atb_rate")),
            (sq, "Salary, $", "money", "diff_baseline", "salary", name),
            (sq, "Benefits, $", "money", "diff_baseline", "benefits", name),
            (sq, "Other costs, $", "money", "diff_baseline", "other_costs", name),
            (sq, "Total cost, $", "money", "diff_baseline", "all_in", name),
            *((sq, g.pct_label("Over the status quo", c), "percent", "diff_baseline_pct", c, name)
              for c in ("all_in", "salary")),
            ("Yardsticks", f"{g.label('cost_of_1pct')} (base pay, with roll-up)", "money", "cost_of_1pct",
             "base_with_rollup", name),
            ("Yardsticks", f"{g.label('headcount')} at year end", "count", "headcount", "year_end", name),
            ("Yardsticks", f"{g.label('fte')} at year end", "fte", "fte", "year_end", name)]
    return [(section, text, kind, _values(api, m, c, scenario)) for section, text, kind, m, c, scenario in rows]


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
            assert shown_rows[(section, text)] == [shown(kind, values.get(y, float("nan"))) for y in [*YEARS, WINDOW]], \
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
            want = [values.get(y, float("nan")) for y in [*YEARS, WINDOW]]
            got = [None if v is None else (v * 100 if kind == "percent" else v) for v in cells[(section, text)]]
            for g_, w in zip(got, want):
                _same(g_, w, (name, text), kind == "percent")


WIDE = {column: (measure, convention) for column, measure, convention in measures.WIDE}


def test_workbook_summary_is_the_frame(api, book):
    header, body, below = sheet(book, "Summary")
    col = {h: i for i, h in enumerate(header)}
    labels = {_label(api, n): n for n in api.costing.contracts}
    figures = api.figures.assign(scenario=api.figures["scenario"].astype(str)).set_index(["scenario", "fiscal_year"])
    assert len(body) == len(figures)
    for row in body:
        key = (labels[row[col["Scenario"]]], int(row[col["Fiscal year"]][2:]))
        for column, text, kind in SUMMARY_COLUMNS:
            value = row[col[text]]
            _same(value * 100 if kind == "percent" and value is not None else value, float(figures.at[key, column]),
                  (key, column), kind == "percent")
        parts = [row[col[g.label(p)]] for p in ("salary", "benefits", "other_costs")]
        assert round(sum(parts), 2) == pytest.approx(row[col["Total cost"]], abs=0.001), key   # the parts add up
    for row in below:   # each scenario over the window, as page 1's term column
        name = labels[row[col["Scenario"]].removeprefix("Total: ")]
        for column, text, kind in SUMMARY_COLUMNS:
            values = select(api.measures, *WIDE[column], name) if column in WIDE else pd.Series(dtype=float)
            want = values.get(WINDOW) if column not in ("baseline_total", "status_quo_prior_year_total") else None
            value = row[col[text]]
            _same(value * 100 if kind == "percent" and value is not None else value, want, (name, column),
                  kind == "percent")


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
        for k, fy in enumerate([*YEARS, WINDOW]):
            parts = _money(bridge[g.label("rate_changes_full_year")][k]) + _money(bridge[g.label("timing")][k])
            assert parts == pytest.approx(rate_changes[fy], abs=0.015), (name, fy)
        header, body, below = sheet(book, f"Reconciliation {i}")
        cells = {r[0]: r[1:] for r in body}
        for k, fy in enumerate([*YEARS, WINDOW]):
            parts = cells[g.label("rate_changes_full_year")][k] + cells[g.label("timing")][k]
            assert parts == pytest.approx(rate_changes[fy], abs=0.015), (name, fy)
        wb_rows = {(r[0], r[1]): r for r in sheet(book, "Summary")[1]}
        col = sheet(book, "Summary")[0].index(f"{g.label('rate_changes')} (in-year)")
        for fy in YEARS:
            assert wb_rows[(_label(api, name), f"FY{fy}")][col] == pytest.approx(rate_changes[fy], abs=0.005)


def test_compare_tables_are_the_frame(api, report, book):
    tables = html_tables(report / "compare_proposals.html")
    side = tables["Side by side: cost and new money per fiscal year and over the contract"]
    labels = {_label(api, n): n for n in api.costing.contracts}
    for cells in side[1:]:
        year = WINDOW if cells[0].startswith("Total") else int(cells[0][2:])
        name = labels[cells[1]]
        want = [shown("money", _values(api, "cost", "all_in", name)[year]),
                shown("money", _values(api, "diff_baseline", "all_in", name)[year]),
                shown("percent", _values(api, "diff_baseline_pct", "all_in", name)[year]),
                shown("percent", _values(api, "change_prior_pct", "all_in", name)[year]),
                shown("percent", _values(api, "change_prior_pct", "lift", name)[year])]
        assert cells[2:] == want, cells
    for name in api.costing.contracts:
        rows = tables[f"{_label(api, name)}: settlement percent by convention (increase over the year before)"]
        for cells, convention in zip(rows[1:], ("all_in", "recurring", "base_with_steps", "base_fixed", "atb_rate")):
            values = _values(api, "change_prior_pct", convention, name)
            assert cells[1:] == [shown("percent", values[y]) for y in [*YEARS, WINDOW]], (name, convention)
        _, body, _ = sheet(book, sheet_name("Settlement %", api.costing, name))
        for cells, convention in zip(body, ("all_in", "recurring", "base_with_steps", "base_fixed", "atb_rate")):
            values = _values(api, "change_prior_pct", convention, name)
            for got, fy in zip(cells[1:], [*YEARS, WINDOW]):
                _same(got * 100, values[fy], (name, convention, fy), True)


def test_scenario_report_tables_are_the_frame(api, report):
    tables = html_tables(report / "report.html")
    cost = tables["Total cost by fiscal year"]
    header = cost[0]
    for cells in cost[1:]:
        year = WINDOW if cells[0].startswith("Total") else int(cells[0][2:])
        for text, value in zip(header[1:], cells[1:]):
            name = {_label(api, n): n for n in api.costing.contracts}[text]
            assert value == fmt.money(_values(api, "cost", "all_in", name)[year]), (text, year)
    for name in PROPOSALS:
        rows = {r[0]: r[1:] for r in tables[f"{_label(api, name)}: difference from the status quo by component"][1:]}
        total = _values(api, "diff_baseline", "all_in", name)
        assert rows["Total cost"][:4] == [fmt.money(total[y]) for y in [*YEARS, WINDOW]]
        prior = {r[0]: r[1:] for r in tables[f"{_label(api, name)}: cost over the prior year (total cost)"][1:]}
        change = _values(api, "change_prior", "all_in", name)
        assert [prior[fmt.fiscal_year(y)][2] for y in YEARS] == [fmt.money(change[y]) for y in YEARS]

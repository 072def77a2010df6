"""Workbook cells typed (issue 23 item 7), over every bundled scenario's workbook.

- no text cell holds a date or a number: a rate table's steps (1, 2, ... 10) are numbers, its "in force
  from" a date shown m/d/yyyy, the Read me's report date a date (today 52-852 such text cells per
  workbook);
- every rate table row states its unit (hourly, daily, annual) beside the one rate column, and the
  unit is the schedule's own (Boston's family liaisons are paid by the day, its paras by the year);
- the Summary is still the figures: salary + benefits + other costs = total cost in every row
  (each year and each scenario over the term).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from costing.report import workbook
from costing.report.context import open_report

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ["boston/scenario.yaml", "chelsea/compare.yaml", "belmont/scenario.yaml", "new_bedford/scenario.yaml",
             "newton/scenario.yaml"]
LOOKS_TYPED = re.compile(r"^\s*(\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|-?\$?\d[\d,]*(\.\d+)?%?)\s*$")


@pytest.fixture(scope="module", params=SCENARIOS)
def built(request, tmp_path_factory):
    ctx = open_report(ROOT / "data" / request.param, report_date="2030-01-01")
    path = tmp_path_factory.mktemp("wb") / "workbook.xlsx"
    workbook.write(ctx, path)
    return ctx, load_workbook(path)


def _table(ws):
    """(header, rows) of a sheet's Excel Table."""
    ref = next(iter(ws.tables.values())).ref
    rows = [[c.value for c in row] for row in ws[ref]]
    return rows[0], rows[1:]


def test_no_text_cell_holds_a_date_or_a_number(built):
    _, book = built
    found = [(ws.title, c.coordinate, c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and LOOKS_TYPED.match(c.value)]
    assert found == []


def test_rate_tables_state_their_unit(built):
    ctx, book = built
    header, rows = _table(book["Rate tables"])
    unit, step, when = header.index("Unit"), header.index("Step"), header.index("In force from")
    assert "Rate ($ per unit)" in header and "Rate" not in header
    units = {s.name: s.rate_unit for c in ctx.costing.contracts.values() for s in c.schedules}
    schedule = header.index("Schedule")
    assert rows and all(r[unit] == units[r[schedule]] for r in rows)
    assert all(r[unit] in {"hourly", "daily", "annual"} for r in rows)
    assert all(isinstance(r[when], dt.date) for r in rows)
    assert all(isinstance(r[step], int | float) or not str(r[step]).strip().isdigit() for r in rows)
    ws = book["Rate tables"]
    first = next(iter(ws.tables.values())).ref.split(":")[0]
    date_cell = ws.cell(row=ws[first].row + 1, column=when + 1)
    assert date_cell.number_format == "m/d/yyyy"


def test_read_me_report_date_is_a_date(built):
    _, book = built
    values = {r[0].value: r[1] for r in book["Read me"].iter_rows() if r[0].value}
    assert values["Report date"].value == dt.datetime(2030, 1, 1) and values["Report date"].number_format == "m/d/yyyy"


def test_summary_parts_add_up_in_every_row(built):
    _, book = built
    ws = book["Summary"]
    header, rows = _table(ws)
    last = ws[next(iter(ws.tables.values())).ref.split(":")[1]].row
    below = [[c.value for c in row] for row in ws.iter_rows(min_row=last + 1) if row[0].value]
    cols = [header.index(h) for h in ("Total cost", "Salary", "Benefits", "Other costs")]
    assert rows and below
    for r in [*rows, *below]:
        total, salary, benefits, other = (float(r[c]) for c in cols)
        assert salary + benefits + other == pytest.approx(total, abs=0.015), r[:2]

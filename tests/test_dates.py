"""Dates and money as a finance office types them (issue 25, item 6): one parser each, every input.

A date is accepted as 2026-07-01 or as the US 7/1/2026 (07/01/2026) wherever one is typed: YAML
(contracts, proposals, scenarios, rounds, roster specs, import maps), command-line options, roster
and moves cells, a roster re-saved by Excel (m/d/yyyy dates, CRLF, a BOM or Windows-1252) or kept as
an .xlsx with real date cells. Ambiguous or impossible forms are one line saying what would be
right. The figures do not depend on how a date was written: each test below costs the same inputs
written both ways and requires the same figures to the cent (the ISO files are the bundled ones,
pinned by tests/test_golden.py), so no number here is copied from an output.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import types
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Union, get_args, get_origin

import pandas as pd
import pytest
from pydantic import BeforeValidator

from costing.errors import InputError
from costing.inputs.loading import load_contract, load_proposal
from costing.inputs.parsing import parse_date, parse_money
from costing.inputs.roster import load_roster, read_roster_file

from .cli_support import one_line_error
from .cli_support import run_cli as run
from .conftest import DATA

ISO_DATE = re.compile(r"(?<![\w/-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")   # not in a file name (nta_2024-01-28.yaml)


def us_dates(text: str, pad: bool = False) -> str:
    """Every ISO date in a text written as Excel writes it back: 2024-07-01 -> 7/1/2024 (07/01/2024 with ``pad``)."""
    def us(m: re.Match) -> str:
        month, day = (m[2], m[3]) if pad else (str(int(m[2])), str(int(m[3])))
        return f"{month}/{day}/{m[1]}"
    return ISO_DATE.sub(us, text)


# ------------------------------------------------------------------------------ the one parser

@pytest.mark.parametrize("typed, day", [
    ("2026-07-01", dt.date(2026, 7, 1)), ("7/1/2026", dt.date(2026, 7, 1)), ("07/01/2026", dt.date(2026, 7, 1)),
    (" 12/31/2025 ", dt.date(2025, 12, 31)), ("2026-07-01 00:00:00", dt.date(2026, 7, 1)),   # pandas' text of a date cell
    ("7/1/2026 0:00", dt.date(2026, 7, 1)), ("2026-07-01T00:00:00", dt.date(2026, 7, 1)),   # Excel's of a datetime
    ("2/29/2024", dt.date(2024, 2, 29)), (dt.datetime(2026, 7, 1), dt.date(2026, 7, 1)), (dt.date(1900, 1, 1), dt.date(1900, 1, 1)),
])
def test_dates_as_typed_are_read(typed, day) -> None:
    assert parse_date(typed) == day


@pytest.mark.parametrize("typed, said", [
    ("13/1/2026", "'13/1/2026' is not a date: dates with slashes are month/day/year, and there is no month 13"
                  " (for January 13, write 1/13/2026 or 2026-01-13)"),
    ("1/2/26", "'1/2/26' is not a date: write the year in four digits (1/2/2026 or 1/2/1926); a two-digit year is ambiguous"),
    ("2026-13-01", "'2026-13-01' is not a date: there is no month 13; write it as 7/1/2026 (month/day/year) or 2026-07-01"),
    ("2/30/2026", "'2/30/2026' is not a date: February 2026 has 28 days"),
    ("2025-02-30", "'2025-02-30' is not a date: February 2025 has 28 days"),
    ("7/1/2026 10:30", "'7/1/2026 10:30' has a time of day; give the date alone"),
    ("1.7.2026", "'1.7.2026' is not a date: write it as 7/1/2026 (month/day/year) or 2026-07-01"),
    ("45474", "looks like a spreadsheet's day number; format the cell as a date"),
    ("0202-07-01", "0202-07-01 is not a plausible date (years 1900 to 2199)"),
    (dt.date(2200, 1, 1), "2200-01-01 is not a plausible date (years 1900 to 2199)"),
    (20260701, "20260701 is not a date: write it as 7/1/2026"),
])
def test_ambiguous_or_impossible_dates_say_what_would_be_right(typed, said) -> None:
    with pytest.raises(ValueError) as error:
        parse_date(typed)
    assert said in str(error.value)


@pytest.mark.parametrize("typed, amount", [
    ("1000000", Decimal(1000000)), ("1,000,000", Decimal(1000000)), ("$2,000,000", Decimal(2000000)),
    ("$ 2,000,000.50", Decimal("2000000.50")), ("-$500", Decimal(-500)), ("(1,250.50)", Decimal("-1250.50")),
    ("", None), ("  ", None),
])
def test_money_as_typed_is_read(typed, amount) -> None:
    assert parse_money(typed) == amount


@pytest.mark.parametrize("typed", ["1,5", "52,48", "1,000,00", "5e6", "2 million", "$$5", "--5", "-(5)"])
def test_money_that_could_be_misread_is_refused(typed) -> None:
    # "1,5" is 1.5 to a European and 15 to a careless parser: refused, never guessed
    with pytest.raises(ValueError, match="is not an amount of money such as 1000000, 1,000,000 or"):
        parse_money(typed)


def _date_annotation_ok(annotation, metadata=()) -> list:
    """The bare dt.date types inside an annotation that are not the models' one Date type."""
    def is_date_type(meta) -> bool:
        return any(isinstance(m, BeforeValidator) and m.func is parse_date for m in meta)

    if annotation in (dt.date, dt.datetime):
        return [] if is_date_type(metadata) else [annotation]
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *meta = get_args(annotation)
        return _date_annotation_ok(inner, meta)
    if origin in (Union, types.UnionType, tuple, list, dict):
        return [bad for arg in get_args(annotation) if arg is not Ellipsis for bad in _date_annotation_ok(arg)]
    return []


def _all_subclasses(cls) -> list[type]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *_all_subclasses(direct))]


def test_every_date_field_of_every_input_model_is_the_one_date_type() -> None:
    # contracts, proposals, scenarios, rounds, roster specs, import and earnings maps, batch files
    import costing.inputs.earnings_import  # noqa: F401  (each module defines models of its file kind)
    import costing.inputs.import_map  # noqa: F401
    import costing.inputs.rounds  # noqa: F401
    import costing.inputs.scenario  # noqa: F401
    import costing.inputs.synth  # noqa: F401
    import costing.report.batch.file  # noqa: F401
    from costing.inputs.models import Frozen

    bare = [f"{model.__module__}.{model.__name__}.{name}" for model in _all_subclasses(Frozen)
            for name, info in model.model_fields.items() if _date_annotation_ok(info.annotation, info.metadata)]
    assert bare == [], f"use costing.inputs.models.Date for these fields: {bare}"
    assert len(_all_subclasses(Frozen)) > 50   # the walk reached the models


# ------------------------------------------------------------------------------ YAML

@pytest.fixture()
def chelsea_us(tmp_path: Path) -> Path:
    """Chelsea with every date in its YAML files typed as 7/1/2024 (contract, proposals, scenario)."""
    folder = tmp_path / "chelsea"
    shutil.copytree(DATA / "chelsea", folder, ignore=shutil.ignore_patterns("README.md"))
    for path in [folder / "contract.yaml", folder / "scenario.yaml", *sorted((folder / "proposals").glob("*.yaml"))]:
        path.write_text(us_dates(path.read_text()))
    assert "7/1/2023" in (folder / "contract.yaml").read_text() and "7/1/2024" in (folder / "scenario.yaml").read_text()
    return folder


def test_yaml_dates_typed_the_us_way_load_and_cost_the_same(chelsea_us: Path) -> None:
    assert load_contract(chelsea_us / "contract.yaml") == load_contract(DATA / "chelsea/contract.yaml")
    for path in sorted((DATA / "chelsea/proposals").glob("*.yaml")):
        assert load_proposal(chelsea_us / "proposals" / path.name) == load_proposal(path)
    import costing

    mine, bundled = costing.cost(chelsea_us / "scenario.yaml"), costing.cost(DATA / "chelsea/scenario.yaml")
    pd.testing.assert_frame_equal(mine.figures, bundled.figures)


def test_a_bad_yaml_date_names_the_file_key_and_line(chelsea_us: Path) -> None:
    proposal = chelsea_us / "proposals/moa_2024.yaml"
    proposal.write_text(proposal.read_text().replace("effective: 7/1/2024", "effective: 13/1/2024", 1))
    one_line_error(run("validate", proposal), f"{proposal}: changes[1] (raise_percent).effective (line",
                   "'13/1/2024' is not a date: dates with slashes are month/day/year, and there is no month 13"
                   " (for January 13, write 1/13/2024 or 2024-01-13)")


def test_rounds_roster_spec_and_import_map_take_us_dates(tmp_path: Path) -> None:
    from costing.inputs.import_map import load_map
    from costing.inputs.rounds import load_rounds
    from costing.inputs.synth import load_roster_spec

    newton = tmp_path / "newton"
    shutil.copytree(DATA / "newton", newton, ignore=shutil.ignore_patterns("README.md"))
    for name in ("rounds.yaml", "roster_spec.yaml"):
        (newton / name).write_text(us_dates((newton / name).read_text(), pad=True))
    assert "01/28/2024" in (newton / "rounds.yaml").read_text()
    assert load_rounds(newton / "rounds.yaml") == load_rounds(DATA / "newton/rounds.yaml")
    assert load_roster_spec(newton / "roster_spec.yaml") == load_roster_spec(DATA / "newton/roster_spec.yaml")
    nb_spec = tmp_path / "nb_spec.yaml"
    nb_spec.write_text(us_dates((DATA / "new_bedford/roster_spec.yaml").read_text()))   # leavers: between two dates
    assert load_roster_spec(nb_spec) == load_roster_spec(DATA / "new_bedford/roster_spec.yaml")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(us_dates((DATA / "tutorial/munis_map.yaml").read_text()))   # read as text (YAML's base loader)
    assert "as_of: 7/1/2025" in mapping.read_text()
    assert load_map(mapping).mapping == load_map(DATA / "tutorial/munis_map.yaml").mapping


# ------------------------------------------------------------------------------ options

def _project(*extra) -> dict:
    result = run("project", "--roster", DATA / "chelsea/roster.csv", "--contract", DATA / "chelsea/contract.yaml",
                 "--proposal", DATA / "chelsea/proposals/moa_2024.yaml", "--years", "2025-2026", "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_option_dates_typed_the_us_way_cost_the_same() -> None:
    # --as-of 6/30/2024 is not the default roster date (7/1/2024, the day steps move), so the option is really read
    assert _project("--as-of", "6/30/2024") == _project("--as-of", "2024-06-30") != _project()
    one_line_error(run("schedules", DATA / "chelsea/contract.yaml", "--on", "13/1/2025"),
                   "--on", "'13/1/2025' is not a date: dates with slashes are month/day/year")
    listed = [run("schedules", DATA / "chelsea/contract.yaml", "--proposal", DATA / "chelsea/proposals/moa_2024.yaml",
                  "--on", day, "--format", "csv") for day in ("7/1/2025", "2025-07-01", "2025-06-30")]
    assert all(r.exit_code == 0 for r in listed) and listed[0].stdout == listed[1].stdout != listed[2].stdout


# ------------------------------------------------------------------------------ roster and moves cells

ROSTER = DATA / "chelsea/roster.csv"
CONTRACT = load_contract(DATA / "chelsea/contract.yaml")


def excel_resaved(text: str, old_note: bool = False) -> bytes:
    """A roster as Excel (US) saves it back as "CSV UTF-8": a byte-order mark, CRLF line ends, dates
    m/d/yyyy; a first line of an older roster kept in cell A1 with the row's other cells empty."""
    lines = us_dates(text).splitlines()
    if old_note:
        width = lines[0].count(",")
        lines.insert(0, "# SYNTHETIC ROSTER: generated by `costing roster` from a seeded spec; no real people." + "," * width)
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def test_a_roster_re_saved_by_excel_loads_the_same(tmp_path: Path) -> None:
    resaved = tmp_path / "roster.csv"
    resaved.write_bytes(excel_resaved(ROSTER.read_text()))
    assert "2/27/2017" in resaved.read_text(encoding="utf-8-sig")
    pd.testing.assert_frame_equal(load_roster(resaved, CONTRACT), load_roster(ROSTER, CONTRACT))


def test_an_old_roster_with_its_note_line_still_loads_and_is_synthetic(tmp_path: Path) -> None:
    from costing.inputs.synth import is_synthetic_roster

    old = tmp_path / "roster.csv"   # the format before the synthetic column, re-saved by Excel
    body = ROSTER.read_text().replace("synthetic,", "", 1).replace("\nyes,", "\n")
    old.write_bytes(excel_resaved(body, old_note=True))
    loaded = load_roster(old, CONTRACT)
    pd.testing.assert_frame_equal(loaded, load_roster(ROSTER, CONTRACT).drop(columns="synthetic"))
    assert is_synthetic_roster(old)
    bad = tmp_path / "bad.csv"   # row numbers count the note line, as a spreadsheet shows them
    bad.write_text(old.read_text(encoding="utf-8-sig").replace("CH00002,para,para,TAII,2,1.0,9/22/2021",
                                                               "CH00002,para,para,TAII,2,1.0,9/31/2021"))
    with pytest.raises(Exception, match=r"row 4 \(CH00002\): column seniority_date: '9/31/2021' is not a date:"
                                        r" September 2021 has 30 days"):
        load_roster(bad, CONTRACT)


def test_a_hash_inside_a_cell_is_data_not_a_comment(tmp_path: Path) -> None:
    # before, pandas' comment="#" cut such a line short: the ID lost, the row's other cells gone
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER.read_text().replace("yes,CH00001,", "yes,#CH00001,", 1))
    assert load_roster(roster, CONTRACT)["employee_id"].iloc[0] == "#CH00001"


def test_a_windows_1252_roster_is_read(tmp_path: Path) -> None:
    # Excel's plain "CSV (Comma delimited)" is Windows-1252: a name with an accent is not UTF-8
    roster = tmp_path / "roster.csv"
    text = ROSTER.read_text().replace("synthetic,employee_id,", "synthetic,name,employee_id,", 1)
    text = re.sub(r"\nyes,", "\nyes,José Ruiz,", text)
    roster.write_bytes(text.encode("cp1252"))
    assert set(load_roster(roster, CONTRACT)["name"]) == {"José Ruiz"}


def test_an_xlsx_roster_with_real_date_cells(tmp_path: Path) -> None:
    raw = read_roster_file(ROSTER)
    frame = raw.assign(seniority_date=pd.to_datetime(raw["seniority_date"]),
                       fte=raw["fte"].astype(float), lead=raw["lead"].astype(int))
    path = tmp_path / "roster.xlsx"
    frame.to_excel(path, index=False)
    pd.testing.assert_frame_equal(load_roster(path, CONTRACT), load_roster(ROSTER, CONTRACT))


def test_roster_date_cells_accept_what_yaml_accepts_and_name_the_row(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    text = ROSTER.read_text()
    roster.write_text(text.replace(",2017-02-27,", ",13/27/2017,", 1).replace(",2021-09-22,", ",9/22/21,", 1))
    result = run("validate", roster, "--contract", DATA / "chelsea/contract.yaml")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert f"error: {roster}: row 2 (CH00001): column seniority_date: '13/27/2017' is not a date: dates with slashes" \
           " are month/day/year, and there is no month 13" in lines[0]
    assert f"error: {roster}: row 3 (CH00002): column seniority_date: '9/22/21' is not a date: write the year in four" \
           " digits (9/22/2021 or 9/22/1921)" in lines[1]


def test_money_cells_of_a_roster_read_dollars_and_commas(tmp_path: Path) -> None:
    from costing.inputs.roster import _Problems, number_column

    frame = pd.DataFrame({"rate": ["$99,500.00", "83750", "", "1,5"], "hours": ["1,200", "$5", "0.5", ""]})
    problems = _Problems(frame, "roster.csv")
    assert number_column(frame, "rate", problems, money=True).tolist()[:2] == [99500.0, 83750.0]
    assert number_column(frame, "hours", problems).tolist()[0] == 1200.0
    with pytest.raises(Exception) as error:
        problems.raise_any()
    lines = error.value.lines()
    assert "roster.csv: row 3: column hours: '$5' is not a number" in lines[0]      # a count is not money
    assert "roster.csv: row 5: column rate: '1,5' is not an amount of money such as 1,250.50 or $1,250.50" in lines[1]


def test_moves_cells_take_us_dates(tmp_path: Path) -> None:
    from costing.inputs.moves import read_moves

    roster = load_roster(ROSTER, CONTRACT)
    iso, us = tmp_path / "iso.csv", tmp_path / "us.csv"
    iso.write_text("employee_id,date,lane,step\nCH00001,2025-09-01,TAII,\n")
    us.write_bytes(excel_resaved(iso.read_text()))
    pd.testing.assert_frame_equal(read_moves(us, roster, CONTRACT), read_moves(iso, roster, CONTRACT))
    us.write_text("employee_id,date,lane,step\nCH00001,9/1/25,TAII,\n")
    with pytest.raises(Exception, match=r"row 2 \(CH00001\), column date: '9/1/25' is not a date: write the year"):
        read_moves(us, roster, CONTRACT)


# ------------------------------------------------------------------------------ the roster as pandas and Excel read it

@pytest.mark.parametrize("roster", sorted(DATA.glob("*/roster.csv")), ids=lambda p: p.parent.name)
def test_bundled_rosters_read_as_they_are_and_say_they_are_synthetic(roster: Path) -> None:
    # plain pd.read_csv (no comment=, no skiprows=) gives the roster: the header is line 1 (Excel's row 1)
    frame = pd.read_csv(roster, dtype=str)
    assert list(frame.columns[:8]) == ["synthetic", "employee_id", "unit", "schedule", "lane", "step", "fte",
                                       "seniority_date"]
    assert len(frame) == roster.read_text().count("\n") - 1 and (frame["synthetic"] == "yes").all()
    assert frame["employee_id"].is_unique and frame["employee_id"].notna().all()


def test_an_imported_roster_is_a_plain_table_written_back_in_iso(tmp_path: Path) -> None:
    # the export says 8/26/2019; the roster says 2019-08-26, its header on line 1 (no note line for
    # pandas to misread); a rerun replaces the roster it wrote, never one edited since
    from .test_import_roster import CONTRACT as GRID
    from .test_import_roster import EXPORT, MAP

    for name, text in (("contract.yaml", GRID), ("export.csv", EXPORT), ("map.yaml", MAP)):
        (tmp_path / name).write_text(text)
    out = tmp_path / "roster.csv"
    args = ("import-roster", tmp_path / "export.csv", "--map", tmp_path / "map.yaml", "--contract",
            tmp_path / "contract.yaml", "--out", out)
    assert run(*args).exit_code == 0
    roster = pd.read_csv(out, dtype=str)
    assert roster.columns[0] == "employee_id" and roster.set_index("employee_id").at["T1", "seniority_date"] == "2019-08-26"
    assert run(*args).exit_code == 0
    out.write_text(out.read_text().replace("2019-08-26", "2019-08-27"))
    one_line_error(run(*args), f"{out}: exists and was not written by a costing import (or was changed since)")


ROSTER_DATE_CELLS = ["2024-07-01", "7/1/2024", " 2024-07-01 ", "2024-7-1", "1900-01-01", "2199-12-31",
                     "2025-02-30", "0202-07-01", "2200-01-01", "2024-13-01", "", None]


def test_a_roster_date_column_reads_every_cell_as_parse_date_does() -> None:
    """The roster reads cells written exactly YYYY-MM-DD all at once (costing.inputs.cells.iso_days) and the others
    through parse_date: every form gives parse_date's day, or its words for what is wrong (a day
    that does not exist, a year outside 1900-2199), and a blank cell no day and no problem."""
    from costing.inputs.roster import _Problems, date_column

    frame = pd.DataFrame({"employee_id": [f"E{k}" for k in range(len(ROSTER_DATE_CELLS))],
                          "start_date": pd.Series(ROSTER_DATE_CELLS, dtype=object)})
    problems = _Problems(frame, "roster.csv")
    days = date_column(frame, "start_date", problems)
    said = {}
    for mask, message in problems.checks:
        said.update({i: message(i) for i in mask[mask].index})
    for i, cell in enumerate(ROSTER_DATE_CELLS):
        if cell is None or not cell.strip():
            assert pd.isna(days[i]) and i not in said
            continue
        try:
            expected = parse_date(cell.strip())
        except ValueError as exc:
            assert pd.isna(days[i]) and said[i] == f"column start_date: {exc}", cell
        else:
            assert days[i].date() == expected and i not in said, cell
    assert len(said) == 4


def test_a_row_with_too_many_cells_is_named_in_words(tmp_path: Path) -> None:
    """Row 5 of the file (a note line, the header, then three rows) has one cell more than the header names; before,
    the message was pandas' 'Error tokenizing data. C error: Expected 13 fields in line 5, saw 14'."""
    lines = ROSTER.read_text().splitlines()
    header = lines[0].count(",") + 1
    bad = tmp_path / "roster.csv"
    bad.write_text("\n".join(["# exported from payroll", *lines[:3], lines[3] + ",extra", *lines[4:]]) + "\n")
    with pytest.raises(InputError) as raised:
        read_roster_file(bad)
    assert str(raised.value) == (f"{bad}: row 5: has {header + 1} cells but the header names {header} columns: a stray"
                                 " comma, or a comma inside a cell that is not quoted?")


def test_a_column_named_twice_but_for_case_is_one_line(tmp_path: Path) -> None:
    """MAX_STEP and max_step are one column to costing (names compared without case or spaces): before, the
    roster crashed with pandas' ValueError, or was read with one of the two; now one line says which."""
    lines = ROSTER.read_text().splitlines()
    bad = tmp_path / "roster.csv"
    bad.write_text("\n".join([lines[0] + ",MAX_STEP, max_step", *(line + ",," for line in lines[1:])]) + "\n")
    with pytest.raises(InputError) as raised:
        read_roster_file(bad)
    assert str(raised.value) == (f"{bad}: header: names the column(s) max_step more than once (names are compared"
                                 " without case and surrounding spaces); keep one of each")

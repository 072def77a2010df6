"""docs/tutorial.md, run as written: every shell command, the hand-typed proposal and the notebook cell.

The tutorial is parsed, not copied: a command edited in the document is the command tested, so
the tutorial cannot drift from what the package does.
"""

from __future__ import annotations

import re
import shlex
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from costing.cli import main

from .conftest import DATA, ROOT

TUTORIAL = ROOT / "docs/tutorial.md"
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def tutorial_steps() -> list[tuple[str, str, str]]:
    """(kind, title, body) of every fenced block, in order."""
    return [(m[1], m[2].strip(), m[3]) for m in BLOCK.finditer(TUTORIAL.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def walked(tmp_path_factory) -> dict:
    """Run the tutorial in a scratch copy of the repository's data/tutorial; return what each step printed."""
    work = tmp_path_factory.mktemp("tutorial")
    shutil.copytree(DATA / "tutorial", work / "data/tutorial")
    outputs: dict[str, object] = {}
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        for kind, title, body in tutorial_steps():
            if kind == "sh":
                for line in body.replace("\\\n", " ").splitlines():
                    if not line.strip():
                        continue
                    args = shlex.split(line)
                    assert args[0] == "costing", line
                    result = runner.invoke(main, args[1:])
                    assert result.exit_code == 0, (line, result.output, result.stderr)
                    outputs[args[1]] = result
            elif kind in ("yaml", "csv"):   # a file the reader types (a proposal, a proposal sheet)
                path = re.fullmatch(r'title="([^"]+)"', title)[1]
                (work / path).write_text(body, encoding="utf-8")
            elif kind == "python":
                namespace: dict = {}
                exec(compile(body, "tutorial.md", "exec"), namespace)
                outputs["python"] = namespace
    outputs["work"] = work
    return outputs


def test_tutorial_uses_only_the_onboarding_commands_and_runs(walked) -> None:
    assert set(k for k in walked if k not in ("python", "work")) == {
        "init", "import-schedule", "import-roster", "import-earnings", "validate", "project", "report",
        "proposal-sheet", "compare"}


def test_grid_import_is_the_generated_grid(walked) -> None:
    """The imported CSVs hold the grid's rates: BA step 1 $48,000; step 2 = 48,000 x 1.035 = 49,680;
    MA step 1 = 48,000 x 1.08 = 51,840; FY2026 BA step 1 = 48,000 x 1.03 = 49,440."""
    work = walked["work"]
    fy25 = pd.read_csv(work / "larkspur/schedules/teachers_2024-07-01.csv", dtype=str)
    fy26 = pd.read_csv(work / "larkspur/schedules/teachers_2025-07-01.csv", dtype=str)
    rate = {(r.lane, r.step): r.rate for r in fy25.itertuples()}
    assert rate[("BA", "1")] == "48000" and rate[("BA", "2")] == "49680" and rate[("MA", "1")] == "51840"
    assert ("PhD", "1") not in rate and len(fy25) == 39
    assert fy26.iloc[0].tolist() == ["BA", "1", "49440"]
    out = walked["import-schedule"].output
    assert "date from the title 'Effective July 1, 2024'" in out and "rate unit annual" in out


def test_roster_import_leaves_out_the_off_schedule_salary(walked) -> None:
    work = walked["work"]
    roster = pd.read_csv(work / "larkspur/roster.csv", comment="#", dtype=str)
    assert len(roster) == 59 and "LV0017" not in set(roster["employee_id"])
    assert not {"last_name", "first_name", "name", "salary"} & set(roster.columns)
    report = (work / "larkspur/roster_import_report.md").read_text()
    assert "- rows read: 60" in report and "- rows rejected: 1" in report
    assert "| 18 | LV0017 | salary $41,786 matches no step of lane BA" in report


def test_report_and_notebook_cell(walked) -> None:
    work = walked["work"]
    assert list((work / "larkspur/reports").rglob("report.html"))
    result = walked["python"]["result"]
    assert list(dict.fromkeys(result.totals["scenario"])) == ["baseline", "proposal"]
    assert "difference from the status quo" in repr(result)
    # the offer's changes start 2026-07-01 (FY2027): FY2026 is the status quo, later years cost more
    years = result.differences[result.differences["period"] == "year"]
    differences = dict(zip(years["fiscal_year"].astype(int), years["diff_baseline"]))
    assert differences[2026] == 0 and differences[2027] > 0 and differences[2028] > differences[2027]


def test_your_own_payroll_export(walked) -> None:
    """Section 7: the Munis-style and PowerSchool-style presets and the earnings report, as the text says."""
    work = walked["work"]
    munis = pd.read_csv(work / "larkspur/roster_munis.csv", comment="#", dtype=str, keep_default_na=False)
    assert munis["employee_id"].tolist() == ["100101", "100102", "100103", "100104", "100105", "100106"]
    assert munis.set_index("employee_id").loc["100105", "fte"] == "1"          # two job records of 0.5
    assert munis.set_index("employee_id").loc["100101", "health"] == "HMO:FAM"
    report = (work / "larkspur/roster_munis_import_report.md").read_text()
    assert "- rows read: 11" in report and "- rows left out by the filter: 2" in report and "- rows rejected: 2" in report
    assert "| 9 | 100107 | effective 2025-09-02 is after the roster date 2025-07-01 |" in report
    assert "| 10 | 100108 | lane 'MAX' is not a lane of 'teachers'" in report
    assert "records dated before the roster date 2025-07-01: 1" in report
    # 100103: no step; $76,815 is MA+30 step 10 in the FY2026 table (48,000 x 1.14 x 1.035^9, to the dollar, x 1.03)
    assert "| 4 | 100103 | step 10 ($76,815 in the table effective 2025-07-01) |" in report
    ps = pd.read_csv(work / "larkspur/roster_powerschool.csv", comment="#", dtype=str)
    assert ps["employee_id"].tolist() == ["E20417", "E20418", "E20419", "E20420"]
    text = (work / "larkspur/roster_powerschool_import_report.md").read_text()
    assert "| 6 | E20421 | schedule 'HRLY' is not in the contract" in text
    assert "| 8 | E20423 | salary $88,000 matches no step of lane MA" in text
    earnings = pd.read_csv(work / "boston_cy2022/roster.csv", comment="#", dtype=str)
    assert len(earnings) == 5 and earnings["employee_id"].str.startswith("BPS2022-").all()


def test_your_proposal_in_excel(walked) -> None:
    """Section 8: the offer written as a sheet costs what its YAML costs; the counter typed in Excel's
    forms (7/1/2026, 3%, $1,500) reads as the same changes as the YAML written back from it; compare
    costs both.

    Arithmetic of the counter: every raise is 3% where the offer's is 2.5%, and the mentor stipend
    $1,500 where the offer's is $1,200, on the same roster and dates. Both raises and the stipend start
    on or after 7/1/2026, the first day of FY2027 (years are named by the year they end), so FY2026 is
    the status quo's cost under both; in FY2027 and FY2028 every raised cell and every mentor's stipend
    is larger under the counter, so its total is larger than the offer's, which is larger than the
    status quo's."""
    from openpyxl import load_workbook

    from costing.inputs.loading import load_proposal

    work = walked["work"]
    sheet = load_workbook(work / "larkspur/proposals/offer.xlsx").worksheets[0]
    ops = [row[0] for row in sheet.iter_rows(values_only=True) if row[0] in ("raise_percent", "set_stipend")]
    assert ops == ["raise_percent", "raise_percent", "set_stipend"]
    offer_yaml = load_proposal(work / "larkspur/proposals/proposal.yaml")
    offer_sheet = load_proposal(work / "larkspur/proposals/offer.xlsx")
    assert offer_sheet.changes == offer_yaml.changes
    counter_csv = load_proposal(work / "larkspur/proposals/counter.csv")
    counter_yaml = load_proposal(work / "larkspur/proposals/counter.yaml")
    assert counter_yaml.changes == counter_csv.changes and counter_yaml.label == "Union counter"
    raises = [c for c in counter_csv.changes if c.op == "raise_percent"]
    assert [float(c.percent) for c in raises] == [3.0, 3.0]
    assert [c.effective.isoformat() for c in raises] == ["2026-07-01", "2027-07-01"]
    assert float(next(c for c in counter_csv.changes if c.op == "set_stipend").amount) == 1500.0

    runner = CliRunner()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        result = runner.invoke(main, ["project", "--roster", "larkspur/roster.csv", "--contract", "larkspur/contract.yaml",
                                      "--proposal", "larkspur/proposals/offer.xlsx", "--proposal",
                                      "larkspur/proposals/counter.csv", "--years", "2026-2028", "--format", "csv"])
    assert result.exit_code == 0, result.output
    import io

    frame = pd.read_csv(io.StringIO(result.stdout))
    years = frame[frame["fiscal_year"].notna()].set_index(["scenario", "fiscal_year"])["total"]
    assert years[("counter", 2026)] == years[("offer", 2026)] == years[("baseline", 2026)]
    for fy in (2027, 2028):
        assert years[("counter", fy)] > years[("offer", fy)] > years[("baseline", fy)]

"""The member page: every figure it holds is the engine's, it works offline and on a phone, it names nobody.

Chelsea's union said paras go "from $17.96 to $29.05 an hour, 62 percent"; the district said "13%". The
page's first choice (lane P, step 1, less than a year of service, full time) is that para; the arithmetic
is in tests/test_member.py's header (P1 $17.96 -> P1 $21.06 -> P2 $24.99 -> P3 $29.05, +61.75%; raises
$10,974.60 and steps $4,163.25 a year at 1,365 hours; 3 + 5 + 5 = 13% added up, 13.56% compounded).

The page is read three ways: its embedded data decoded in Python (every cell of Chelsea's para schedule,
every length of service and FTE, against members_pay; a sample against member_pay, one person at a time);
the page itself in Debian's headless Chromium (every cell of the schedule picked as a member would, the
figures read off the page and compared with member_pay); and the privacy check (report/privacy.py) run
on it with the Chelsea roster's IDs, with a planted ID to show the check can fail.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pandas as pd
import pytest
from click.testing import CliRunner

from costing.cli.main import main
from costing.engine.costing_run import load_contracts
from costing.inputs.roster import read_roster_file
from costing.inputs.scenario import read_scenario
from costing.negotiate.member import Member, member_pay, members_pay
from costing.negotiate.member_grid import member_grid, service_cap, start_date
from costing.report import privacy
from costing.report.member_data import page_data, unpack
from costing.report.member_page import page_html

from . import what_if_driver as drive
from .conftest import DATA

SCENARIO = DATA / "chelsea/scenario.yaml"
AS_OF = dt.date(2024, 7, 1)
YEARS = [2025, 2026, 2027]
MONEY = ["annual_rate", "raise", "step_change", "hours_change", "annual_change", "base", "longevity", "pay"]


@pytest.fixture(scope="module")
def chelsea():
    spec = read_scenario(SCENARIO)
    baseline, applied, texts = load_contracts(spec)
    contracts = {"baseline": baseline, **applied}
    grid = member_grid(contracts, YEARS, AS_OF)
    data = page_data(grid, contracts, texts, (), "Chelsea paras", "Chelsea")
    return contracts, grid, data, page_html(data)


def embedded(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="member-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1).replace("<\\/", "</"))


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal to the cent (other pay may differ by a cent: the page keeps pay = base + longevity + other)."""
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    pd.testing.assert_frame_equal(a[["scenario", "fiscal_year", "lane", "step"]], b[["scenario", "fiscal_year", "lane", "step"]],
                                  check_dtype=False)
    for column in ["rate", *MONEY]:
        assert ((a[column] - b[column]).abs().fillna(0) < 0.005).all() and (a[column].isna() == b[column].isna()).all(), column
    assert ((a["other_pay"] - b["other_pay"]).abs().fillna(0) <= 0.0100001).all()


def test_the_data_the_page_holds_is_every_members_pay(chelsea) -> None:
    """Every cell of the para schedule, every length of service and FTE: the page's figures are members_pay's."""
    contracts, grid, data, page = chelsea
    assert embedded(page) == json.loads(json.dumps(data))
    assert data["service_cap"] == 40 == service_cap(contracts)      # Chelsea's longevity runs to 40 years
    cells = data["schedules"]["para"]["cells"]
    assert len(cells) == 15                                         # P, TAI, TAII x steps 1-5
    frame = grid.frame
    for (lane, step, service, fte), person in frame.groupby(["start_lane", "start_step", "service", "fte"]):
        person = person.sort_values(["scenario", "fiscal_year"], key=lambda c: c.map({"baseline": 0, "moa_2024": 1})
                                    if c.name == "scenario" else c)
        same(unpack(data, "para", lane, step, service, fte), person.drop(columns=["member"]))


def test_a_sample_of_the_page_is_member_pay_one_person_at_a_time(chelsea) -> None:
    contracts, _, data, _ = chelsea
    for lane, step, service, fte in [("P", "1", 0, 1.0), ("TAI", "3", 12, 0.8), ("TAII", "5", 40, 0.5),
                                     ("P", "4", 9, 0.6)]:
        person = Member("para", lane, step, start_date(AS_OF, service), fte=fte)
        same(unpack(data, "para", lane, step, service, fte), member_pay(contracts, person, YEARS, AS_OF))
    # more service than the cap is the cap: nothing any contract reads changes past 40 years
    far = members_pay(contracts, [Member("para", "TAI", "2", start_date(AS_OF, 52))], YEARS, AS_OF)
    same(unpack(data, "para", "TAI", "2", 52, 1.0), far.drop(columns="member"))


def test_the_unions_17_96_to_29_05_and_the_districts_13_percent(chelsea) -> None:
    _, _, data, _ = chelsea
    path = unpack(data, "para", "P", "1", 0, 1.0)
    moa = path[path["scenario"] == "moa_2024"]
    assert list(moa["rate"]) == [17.96, 21.06, 24.99, 29.05]
    assert list(moa["step"]) == ["1", "1", "2", "3"]
    assert (moa["raise"].sum(), moa["step_change"].sum()) == pytest.approx((10974.60, 4163.25), abs=0.001)
    quoted = data["schedules"]["para"]["quoted"]["moa_2024"]
    assert [p for _, p in quoted["percents"]] == ["3%", "5%", "5%"]
    assert (quoted["added_up"], quoted["compounded"]) == ("13%", "13.56%")
    assert [f for _, f in quoted["flats"]] == ["$3,500.00 a year", "$2,000.00 a year", "$1,500.00 a year"]


def test_the_page_works_offline_and_names_nobody(chelsea) -> None:
    _, _, _, page = chelsea
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)    # nothing fetched: no CDN, no font
    assert "<link" not in page and "@import" not in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "baseline" not in re.sub(r"<script.*?</script>", "", page, flags=re.S)   # no code names in the words
    found = privacy.identifiers(read_roster_file(DATA / "chelsea/roster.csv"))
    assert privacy.find_identifiers(page, found) == []
    assert privacy.find_local_paths(page) == []
    some_id = sorted(found.ids)[0]                      # the check can fail: a planted ID is found
    assert privacy.find_identifiers(page.replace("</footer>", f"employee {some_id}</footer>"), found) == [some_id]


# ---- costing member: one cell on the command line -----------------------------------------------------

def test_the_verb_prints_the_engines_figures_as_json() -> None:
    result = CliRunner().invoke(main, ["member", str(SCENARIO), "--lane", "P", "--step", "1", "--years-of-service",
                                       "0", "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["member"] == {"schedule": "para", "lane": "P", "step": "1", "years_of_service": 0,
                                "start_date": "2024-01-01", "fte": 1.0, "as_of": "2024-07-01"}
    moa = [r for r in record["years"] if r["scenario"] == "Chelsea para MOA"]
    assert [r["rate"] for r in moa] == [17.96, 21.06, 24.99, 29.05]
    summary = {r["scenario"]: r for r in record["summary"]}
    assert summary["Chelsea para MOA"]["rate_change_pct"] == pytest.approx(0.617483, abs=1e-6)   # a fraction
    assert summary["Status quo"]["to_rate"] == 20.43
    assert record["quoted"]["Chelsea para MOA"]["added_up"] == "13%"


@pytest.mark.parametrize("args, said", [
    (["--lane", "Q", "--step", "1"], "error: --lane: give a lane of schedule para: P, TAI, TAII ('Q' is not one)"),
    (["--lane", "P", "--step", "9"], "error: --step: give a step of lane P on 2024-07-01: 1, 2, 3, 4, 5 ('9' is not one)"),
    (["--schedule", "aides", "--lane", "P", "--step", "1"], "error: --schedule: give a schedule of the contract: para"
                                                              " ('aides' is not one)"),
    (["--lane", "P", "--step", "1", "--fte", "2"], "error: --fte: 2 is not a share of full time between 0 and 1.5"),
    (["--lane", "P", "--step", "1", "--years-of-service", "-1"], "error: --years-of-service: -1 is not between 0 and 80"),
])
def test_a_wrong_cell_is_one_line(args, said) -> None:
    result = CliRunner().invoke(main, ["member", str(SCENARIO), *args])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [said]


def test_the_verb_writes_the_page_and_never_over_an_input(tmp_path) -> None:
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["member", str(SCENARIO), "--page", str(out)])
    assert result.exit_code == 0, result.output
    assert embedded(out.read_text(encoding="utf-8"))["schedules"]["para"]["cells"][0] == ["P", "1"]
    refused = CliRunner().invoke(main, ["member", str(SCENARIO), "--page", str(DATA / "chelsea/contract.yaml")])
    assert refused.exit_code == 2 and "contract.yaml" in refused.output


# ---- the page in Debian's headless Chromium -----------------------------------------------------------

def page_figures(driver, key: str) -> list[dict]:
    """One scenario's year rows as the page shows them, read in one script."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-scenario=\"' + arguments[0] + '\"] tbody tr')).map("
        "r => Object.fromEntries([['fy', r.dataset.year], ['hours', r.dataset.hours], ['other', r.dataset.other],"
        " ...Array.from(r.querySelectorAll('[data-field]')).map(c => [c.dataset.field, c.textContent.trim()])]));", key)


def dollars(text: str) -> float | None:
    if not text:
        return None
    value = float(text.replace("$", "").replace(",", "").replace("+", "").replace("−", ""))
    return -value if text.startswith("−") else value


def pick(driver, **choices) -> None:
    from selenium.webdriver.support.ui import Select

    for select, value in choices.items():
        Select(driver.find_element("id", select)).select_by_value(value)


@pytest.mark.browser
@pytest.mark.skipif(bool(drive.missing_browser()), reason=drive.missing_browser() or "browser present")
def test_every_cell_picked_in_chromium_shows_the_engines_figures(chelsea, tmp_path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    contracts, _, data, page = chelsea
    path = tmp_path / "member_page.html"
    path.write_text(page, encoding="utf-8")
    labels = {s["key"]: s["label"] for s in data["scenarios"]}
    with drive.browser() as driver:
        driver.set_window_size(390, 900)            # a phone
        driver.get(path.as_uri())
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body.dataset.ready === 'yes'"))
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        heights = driver.execute_script("return Array.from(document.querySelectorAll('select'))"
                                        ".filter(s => s.offsetParent).map(s => s.getBoundingClientRect().height)")
        assert heights and min(heights) >= 44        # touch targets
        words = driver.find_element("css selector", '[data-scenario="moa_2024"] [data-field="rate-words"]').text
        assert words == ("Your rate goes from $17.96 an hour in FY2024 (P step 1) to $29.05 in FY2027 (P step 3):"
                         " up 61.7%.")
        quoted = driver.find_element("css selector", '[data-scenario="moa_2024"] [data-field="quoted-words"]').text
        assert "13% added up (13.56% compounded)" in quoted
        for lane, step in data["schedules"]["para"]["cells"]:
            for service in ("0", "12"):
                pick(driver, lane=lane, step=step, service=service, fte="1")
                person = Member("para", lane, step, start_date(AS_OF, int(service)))
                engine = member_pay(contracts, person, YEARS, AS_OF)
                for key in labels:
                    shown = page_figures(driver, key)
                    mine = engine[engine["scenario"] == key].reset_index(drop=True)
                    assert [r["fy"] for r in shown] == [str(y) for y in mine["fiscal_year"]]
                    for row, (_, want) in zip(shown, mine.iterrows()):
                        assert row["cell"] == f"{want['lane']} step {want['step']}"
                        assert dollars(row["rate"]) == want["rate"]
                        for field in ("annual_rate", "annual_change", "raise", "step_change", "longevity", "pay"):
                            expected = None if pd.isna(want[field]) else round(float(want[field]), 2)
                            assert dollars(row[field]) == expected, (lane, step, service, key, row["fy"], field)
        driver.set_window_size(1280, 900)            # a desktop: the table stays one table
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    assert unescape(page).count("Status quo") >= 1


# ---- in a report and a batch --------------------------------------------------------------------------

def test_a_confidential_reports_member_page_is_still_checked_for_names(tmp_path, monkeypatch) -> None:
    """The member page is public whatever the report's audience: the privacy check reads it even beside a
    confidential report, and a page that showed an employee ID would stop the build."""
    import yaml

    from costing.report import build

    scenario = yaml.safe_load(SCENARIO.read_text())
    chelsea = DATA / "chelsea"
    scenario.update(roster=str(chelsea / "roster.csv"), contract=str(chelsea / "contract.yaml"),
                    proposals=[str(chelsea / p) for p in scenario["proposals"]], audience="confidential",
                    notebooks=["board_brief"])
    scenario["comparables"]["file"] = str(chelsea / "comparables.yaml")
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario))
    some_id = sorted(privacy.identifiers(read_roster_file(chelsea / "roster.csv")).ids)[0]
    real = build.write_member_page
    monkeypatch.setattr(build, "write_member_page", lambda ctx, target: (
        real(ctx, target), target.write_text(target.read_text().replace("</footer>", f"ID {some_id}</footer>"))))
    with pytest.raises(privacy.PrivacyError, match="member_page.html"):
        build.build_report(path, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_batch_index_says_who_each_file_is_for() -> None:
    from costing.report.batch.index import index_html
    from costing.report.batch.work import Outcome

    outcome = Outcome("chelsea/scenario.yaml", "chelsea", "built", files=("report.pdf", "member_page.html",
                      "manifest.json"), location="chelsea", built_on="2025-07-01",
                      audiences=(("report.pdf", "confidential"), ("member_page.html", "public")))
    page = index_html("2025-07-01", [outcome])
    assert ('Full report (confidential): <a href="chelsea/report.pdf">PDF, to print</a><br>'
            'Member page (for union members): <a href="chelsea/member_page.html">web page</a>') in page
    assert outcome.public()["audiences"] == {"report.pdf": "confidential", "member_page.html": "public"}

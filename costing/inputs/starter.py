"""The starter files of a new district folder (`costing init`), written as YAML by the YAML library.

A new district's first contract decides conventions the whole costing rests on, and a default
chosen silently is a wrong figure nobody asked about: ten-month staff (teachers, paras) belong on
the ``school_year`` proration (M.G.L. c.71 §40: the school year's salary is charged to the fiscal
year it falls in; docs/method.md), twelve-month staff on calendar days. So the staff's work year is
a required choice (:data:`STAFF`), and the README checklist names every other convention to decide.

Everything the user typed (the district's name, the unit) is refused if it holds a control
character and is written as a double-quoted YAML string by the YAML library, never pasted into
the text: a name cannot add a key, end a line or open a comment. Each file is loaded back and
compared with the data it was made from before it is returned (:func:`checked_yaml`). Comments
carry only fixed text.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import unicodedata
from dataclasses import dataclass

import yaml

from ..errors import InputError
from .grid_import import stand_in_schedule

INIT_MARK = "<!-- written by `costing init` -->"
MAX_NAME = 200


@dataclass(frozen=True)
class Staff:
    """A work year and the conventions that follow from it."""

    proration: str
    work_calendar: dict
    who: str
    why: str


STAFF = {
    "ten-month": Staff(
        "school_year", {"start": "09-01", "end": "06-30", "holidays": []},
        "ten-month staff (teachers, paraprofessionals, school-year aides)",
        "the school year's salary is charged to the fiscal year it falls in (M.G.L. c.71 §40; docs/method.md,"
        " 'Why school_year'): a Sept 1 raise costs its whole year, a Nov 1 step the share of the school year after it"),
    "twelve-month": Staff(
        "calendar_days", {"start": "07-01", "end": "06-30", "holidays": []},
        "twelve-month staff (secretaries, custodians, administrators)",
        "a change costs the share of the fiscal year's calendar days after it (docs/method.md, 'Proration')"),
}


def check_name(text: str, option: str, *, limit: int = MAX_NAME) -> str:
    """A name as typed, or one line saying why it cannot be written into a file (issue 21 item 5)."""
    bad = [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")]
    if bad:
        raise InputError(None, option, f"{text[:40]!r} holds a control or invisible character ({bad[0]!r});"
                         " type the name as it should be printed, on one line")
    if not text.strip():
        raise InputError(None, option, "is empty; give the name as the report should print it")
    if len(text) > limit:
        raise InputError(None, option, f"is {len(text)} characters long; at most {limit}")
    return text.strip()


class _Quoted(str):
    """A string the dumper writes double-quoted, whatever it holds."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Quoted, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"'))


def _quote(value):
    if isinstance(value, str):
        return _Quoted(value)
    if isinstance(value, dict):
        return {k: _quote(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_quote(v) for v in value]
    return value


def yaml_block(data: dict) -> str:
    """Top-level keys as YAML, every string value double-quoted; short lists in brackets."""
    return yaml.dump(_quote(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000,
                     default_flow_style=None)


def checked_yaml(text: str, data: dict, name: str) -> str:
    """The text, once it is known to load back as exactly ``data`` (keys in ``data`` only)."""
    loaded = yaml.safe_load(text)
    shown = {k: loaded.get(k) for k in data} if isinstance(loaded, dict) else loaded
    extra = set(loaded) - set(data) - {"schedules"} if isinstance(loaded, dict) else set()
    if shown != data or extra:
        raise AssertionError(f"{name}: the starter file does not load as written: {shown!r}")  # a bug, not input
    return text


def contract_text(district: str, unit: str, staff: str) -> str:
    work = STAFF[staff]
    head = {"name": f"{district}: contract in force", "district": district, "units": [unit],
            "reference": f"{district} agreement in force (name the document, e.g. 'CBA 2023-2026')",
            "fiscal_year_start": "07-01"}
    year = {"proration": work.proration, "work_calendar": work.work_calendar}
    text = "\n".join([
        "# The contract in force: the baseline every proposal is costed against.",
        "# Written by `costing init`. README.md beside it has the checklist; docs/formats.md explains every key.",
        "# fiscal_year_start: fiscal years are named by the year they end (FY2026 = July 2025-June 2026).",
        yaml_block(head).rstrip("\n"),
        *textwrap.wrap(f"The unit's staff were given as {work.who}, so proration is {work.proration}: {work.why}.",
                       100, initial_indent="# ", subsequent_indent="# "),
        "# work_calendar: the first and last day of the work year and its holidays (dates such as",
        "# 2025-11-27); set them from the district's calendar. docs/method.md explains each convention.",
        yaml_block(year).rstrip("\n"),
        "",
        "schedules:                           # `costing import-schedule GRID --contract contract.yaml` adds yours",
        stand_in_schedule(unit).rstrip("\n"),
        EXAMPLES,
    ])
    return checked_yaml(text, {**head, **year}, "contract.yaml")


EXAMPLES = """
# Health insurance (M.G.L. c.32B): fill in and uncomment (remove the leading "# "). The roster
# then needs a column `health` holding each person's PLAN:TIER (blank = waived); the import
# mapping can build it from two export columns (docs/formats.md, "Roster import mapping").
# Date the premiums from on or before the first day of the year BEFORE the first year costed:
# a premium missing on a day costed is an error, never a silent zero.
#
# benefits:
#   - name: health
#     column: health
#     basis: monthly                 # premiums per month (or annual)
#     plans:
#       HMO:
#         - {effective: 2024-07-01, rates: {individual: 900, family: 2400}, reference: "premium sheet FY2025"}
#     employer_share:
#       - {effective: 2024-07-01, percent: 75, reference: "Art. 20"}
#
# Longevity, stipends, one-time payments, unit-level lines and roll-up: add what your agreement
# has (docs/formats.md explains each key).
#
# longevity:
#   - name: longevity
#     payment: prorated
#     tables:
#       - {effective: 2024-07-01, amounts: {10: 1500, 15: 2000}, reference: "Art. 12"}
# stipends:
#   - name: mentor
#     kind: annual
#     column: mentor                 # a roster column: 1 for a mentor, 0 otherwise
#     values:
#       - {effective: 2024-07-01, amount: 1500, reference: "Art. 14"}
# rollup:
#   - name: medicare
#     rate: 1.45                     # percent
#     reference: "Medicare employer share, 26 U.S.C. 3111(b)"
"""


def proposal_text(district: str) -> str:
    data = {"title": f"{district}: proposal", "proposer": "committee", "baseline": "../contract.yaml",
            "reference": "", "changes": []}
    text = "\n".join([
        "# A proposal: dated changes to the contract, from the vocabulary in docs/formats.md.",
        "# Written by `costing init` with no changes, so costing it gives the status quo. Add your changes",
        "# under `changes:` (and delete the `[]`), for example:",
        "#",
        "# changes:",
        "#   - op: raise_percent",
        "#     effective: 2026-07-01",
        "#     percent: 3",
        '#     reference: "District offer, item 1"',
        "# proposer: committee | union | joint | mediator | other; baseline: the contract it amends;",
        "# reference: the document the proposal is (e.g. \"District offer of 3/1/2026\").",
        yaml_block(data),
    ])
    return checked_yaml(text, data, "proposal.yaml")


def scenario_text(district: str, unit: str, years: str, as_of: dt.date | None) -> str:
    data = {"title": f"{district}: proposal against the status quo", "district": district, "units": [unit],
            "roster": "roster.csv", "contract": "contract.yaml", "proposals": ["proposals/proposal.yaml"],
            "years": years}
    if as_of:
        data["as_of"] = as_of.isoformat()
    data |= {"audience": "public", "output": "reports", "notebooks": ["scenario_report"],
             "notes": "Say here what the report assumes (where the roster comes from, what the proposal leaves out)."}
    text = "\n".join([
        '# What one report is about (docs/formats.md, "Scenario"). Paths are relative to this file.',
        "# Written by `costing init`; `costing report scenario.yaml` makes the report.",
        "# roster: made by `costing import-roster EXPORT --map MAP.yaml ...`; years: the fiscal years costed;",
        "# as_of: the roster date (default: the first day of the first year); audience public: no names or",
        "# employee IDs anywhere in the report; output: the report folder goes under this folder.",
        yaml_block(data),
    ])
    return checked_yaml(text, data, "scenario.yaml")


def readme_text(district: str, folder: str, staff: str) -> str:
    work = STAFF[staff]
    return f"""{INIT_MARK}
# {district}

Made by `costing init` for {work.who}. Every file here is valid as written; fill them in with
the checklist below (docs/tutorial.md does it step by step for a fictional district).

| file | what it is |
| --- | --- |
| `contract.yaml` | the contract in force: schedules, longevity, stipends, benefits, roll-up |
| `schedules/` | the contract's rate tables, one CSV per effective date (made by `costing import-schedule`) |
| `proposals/proposal.yaml` | a proposal with no changes yet (costing it gives the status quo) |
| `scenario.yaml` | what the report is about: roster, contract, proposals, years |
| `roster.csv` | not here yet: made from your payroll export by `costing import-roster` |

## Conventions to decide (each is stated in the report)

- [ ] **Proration**: `{work.proration}`, because the staff are {work.who}: {work.why}. A person
      whose work year differs gets a `proration` column in the roster (docs/method.md).
- [ ] **Work calendar** (`work_calendar`): the school or work year's first and last day and its
      holidays, from the district's calendar (now {work.work_calendar['start']} to {work.work_calendar['end']}, no holidays).
- [ ] **Step date** (`step_rules` of each schedule): the day steps move (Sept 1, Nov 1, July 1...) and
      the service a step needs.
- [ ] **Rounding**: the contract's rounding rule for rates and annual figures (`rounding`).
- [ ] **Health insurance** (`benefits`, commented in `contract.yaml`): plans, tiers, premiums and the
      employer's share, dated from on or before the first day of the year before the first year costed;
      the roster's `health` column (PLAN:TIER). Leave it out only if the costing is of pay alone, and say so.
- [ ] **Roll-up**: Medicare 1.45% for employees hired after March 31, 1986; retirement (teachers'
      MTRS costs the district nothing; other staff's county or municipal system is an assessment).
- [ ] **Fiscal year** (`fiscal_year_start`, July 1 in Massachusetts) and the years costed (`years` in `scenario.yaml`).

## Checklist

- [ ] Import the salary grid: `costing import-schedule GRID.xlsx --contract {folder}/contract.yaml --schedule NAME`
      (read what it says it assumed: the effective dates, the rate unit, and any warnings).
- [ ] In `contract.yaml`: the agreement's name in `reference`; each table's `reference` (the article of
      the agreement); longevity, stipends, benefits and roll-up if you have them.
- [ ] Write a mapping file for your payroll export (docs/formats.md, "Roster import mapping"; bundled
      presets for Munis- and PowerSchool-style exports), then
      `costing import-roster EXPORT.xlsx --map MAP.yaml --contract {folder}/contract.yaml --out {folder}/roster.csv`;
      read the import report beside the roster and resolve every rejected row.
- [ ] Write the proposal's changes in `proposals/proposal.yaml`.
- [ ] Check it all: `costing validate {folder}/contract.yaml {folder}/proposals/proposal.yaml {folder}/roster.csv`.
- [ ] Set `years` (and `as_of`, the roster date) in `scenario.yaml`, then `costing report {folder}/scenario.yaml`.

The roster and the import report hold employee IDs (and the export, names): keep them out of
anything public. A `public` report never shows them.
"""


def starter_files(district: str, unit: str, staff: str, years: str, as_of: dt.date | None,
                  folder: str) -> dict[str, str]:
    """File name (relative to the new folder) -> text, for every file `costing init` writes."""
    return {
        "contract.yaml": contract_text(district, unit, staff),
        "proposals/proposal.yaml": proposal_text(district),
        "scenario.yaml": scenario_text(district, unit, years, as_of),
        "README.md": readme_text(district, folder, staff),
    }

"""The options verbs share, declared once: what to cost, where to write, in which form.

Every verb that costs takes what to cost the same way: ``--scenario FILE`` (the scenario says
everything: roster, contract, proposals, years, roster date, moves, roll-up rates, proration,
switches), or ``--roster``, ``--contract``, ``--proposal``, ``--years`` one by one; the options
beside a scenario state something instead of it (:class:`InputOptions`). Every verb that writes a
file says where with ``--out``, and the form with ``--format`` from one vocabulary
(:data:`FORMATS`). Dates and amounts typed in options are read by the inputs' own parsers
(:func:`costing.inputs.parsing.parse_date`, :func:`~costing.inputs.parsing.parse_money`): an
option accepts 7/1/2026 and $2,000,000 as a YAML file or a roster cell does.
``tests/test_options.py`` checks every verb of the command group against these rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError
from ..inputs.parsing import DATE_FORMS, MONEY_FORMS, parse_date, parse_money, parse_years
from ..inputs.vocabulary import PRORATIONS

if TYPE_CHECKING:
    from ..inputs.scenario import ScenarioInputs


# ------------------------------------------------------------------------------ types


class DateType(click.ParamType):
    """A date option: 2026-07-01 or 7/1/2026, read as every input reads a date."""

    name = "date"

    def convert(self, value, param, ctx) -> dt.date:
        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)

    def get_metavar(self, param, ctx=None) -> str:
        return "DATE"


class MoneyType(click.ParamType):
    """An amount of money: 1000000, 1,000,000 or $2,000,000.50.

    A shell reads ``$2`` inside double quotes as its own (empty) variable: ``"$2,000,000"`` arrives
    as ``,000,000``, which is refused with a hint to write the amount without the $ or in single
    quotes. (``"$25,000"`` arrives as ``5,000``, which no program can tell from a typed 5,000: the
    help and the docs say to leave the $ out.)"""

    name = "amount"

    def convert(self, value, param, ctx) -> Decimal:
        if isinstance(value, Decimal):
            return value
        try:
            amount = parse_money(str(value))
        except ValueError as exc:
            eaten = str(value).startswith(",") or str(value).startswith(".")
            hint = ("; did the shell take a $ and a digit? write the amount without the $ (2,000,000) or in single"
                    " quotes ('$2,000,000')") if eaten else ""
            self.fail(f"{exc}{hint}", param, ctx)
        if amount is None:
            self.fail(f"give an amount of money such as {MONEY_FORMS}", param, ctx)
        return amount

    def get_metavar(self, param, ctx=None) -> str:
        return "AMOUNT"


DATE, MONEY = DateType(), MoneyType()

TERMINAL = "table"
"""What the verbs call the form for a person at a terminal: ``--format text`` (or its older name ``table``)."""
FORMATS = {
    "text": "for reading in a terminal (the default without --out)",
    "csv": "a table for Excel and pandas",
    "xlsx": "an Excel workbook (needs --out)",
    "json": "for scripts: numbers as numbers, dates ISO",
    "parquet": "a columnar file for pandas and Arrow (needs --out)",
}
"""The one --format vocabulary: a verb offers the forms its output has, each meaning the same everywhere."""
FORMAT_ALIASES = {"table": "text"}


class FormatType(click.Choice):
    """--format from :data:`FORMATS`: ``text`` (also ``table``) is the terminal's form."""

    def __init__(self, formats: tuple[str, ...]):
        unknown = set(formats) - set(FORMATS)
        if unknown:
            raise ValueError(f"formats {unknown} are not in the one vocabulary (costing.cli.options.FORMATS)")
        super().__init__(formats, case_sensitive=False)

    def convert(self, value, param, ctx) -> str:
        value = FORMAT_ALIASES.get(str(value).lower(), value)
        chosen = super().convert(value, param, ctx)
        return TERMINAL if chosen == "text" else chosen


def format_option(*formats: str, default: str | None = None, help: str | None = None):
    """``--format`` offering ``formats`` (in :data:`FORMATS`' words); the default follows --out's extension."""
    formats = formats or ("text", "csv", "xlsx", "json")
    said = help or ("Default: from --out's extension (" + ", ".join(f".{f}" for f in formats if f != "text")
                    + "), else text (a terminal's table; `table` also works).")
    return click.option("--format", "fmt", type=FormatType(formats), default=default, show_default=bool(default),
                        help=said)


def out_option(help: str = "Write to this file instead of the terminal.", *, required: bool = False,
               folder: bool = False, old: str | None = None):
    """``--out``, the one spelling of where a verb writes; ``old`` is an earlier spelling kept as a hidden alias."""
    def decorate(verb):
        if old:
            @wraps(verb)
            def merged(*args, **kwargs):
                legacy = kwargs.pop("legacy_out", None)
                if legacy is not None:
                    if kwargs.get("out") not in (None, legacy):
                        raise click.UsageError(f"give --out or {old} (its old name), not both")
                    kwargs["out"] = legacy
                return verb(*args, **kwargs)

            declared = click.option(old, "legacy_out", hidden=True, type=click.Path(file_okay=not folder))(merged)
        else:
            declared = verb
        return click.option("--out", "out", required=required, type=click.Path(), help=help)(declared)

    return decorate


# ------------------------------------------------------------------------------ what to cost


@dataclass(frozen=True)
class InputOptions:
    """What to cost, as the options said it; :meth:`spec` reads it the way every verb and the API read it."""

    scenario: str | None = None
    roster: str | None = None
    contract: str | None = None
    proposals: tuple[str, ...] = ()
    years: str | None = None
    switches: tuple[str, ...] = ()
    as_of: dt.date | None = None
    proration: str | None = None
    moves: str | None = None

    def fiscal_years(self) -> list[int] | None:
        if not self.years:
            return None
        try:
            return parse_years(self.years)
        except ValueError as exc:
            raise InputError(None, "--years", f"{self.years!r}: {exc}; expected e.g. 2025-2027 or FY2026") from None

    def spec(self, default_scenario: Path | None = None) -> ScenarioInputs:
        """The :class:`~costing.inputs.scenario.ScenarioInputs` to cost.

        With ``--scenario`` (else ``default_scenario``, when that file exists) the scenario file says everything and the options given beside it state something
        instead (``--switch`` turns items on in addition to the scenario's); without it, the
        options say all, and --roster, --contract and --years are needed."""
        from ..inputs.scenario import option_inputs, read_scenario

        years = self.fiscal_years()
        scenario = self.scenario or (str(default_scenario) if default_scenario and default_scenario.is_file() else None)
        if scenario:
            return read_scenario(scenario).with_options(
                roster=self.roster, contract=self.contract, proposals=list(self.proposals) or None, years=years,
                switches=self.switches, as_of=self.as_of, proration=self.proration, moves=self.moves)
        missing = [name for name, value in (("--roster", self.roster), ("--contract", self.contract),
                                            ("--years", self.years)) if not value]
        if missing:
            raise InputError(None, None, f"missing {', '.join(missing)} (or give --scenario)")
        return option_inputs(self.roster, self.contract, list(self.proposals), years, self.switches, self.as_of,
                             self.proration, moves=self.moves)


def scenario_option(help: str = "Take roster, contract, proposals, years and assumptions from this scenario file.",
                    dest: str = "scenario_path"):
    return click.option("--scenario", dest, type=click.Path(), help=help)


def costing_inputs(proposals: bool = True):
    """The options saying what to cost, gathered into one ``inputs`` argument (:class:`InputOptions`).

    ``proposals=False`` for a verb whose proposals play a part of their own (``solve``'s proposal
    to solve, ``bridge``'s two sides): it declares its own ``--proposal``."""
    declared = [
        scenario_option(),
        click.option("--roster", "in_roster", type=click.Path(), help="Roster CSV or XLSX."),
        click.option("--contract", "in_contract", type=click.Path(), help="Contract YAML (the baseline)."),
        *([click.option("--proposal", "in_proposals", multiple=True, type=click.Path(),
                        help="A proposal file (repeatable; each its own scenario, named by file stem).")] if proposals else []),
        click.option("--years", "in_years", help="Fiscal years, e.g. 2025-2027 (named by the year they end)."),
        click.option("--switch", "in_switches", multiple=True, help="Turn on a contingent item by name (repeatable)."),
        click.option("--as-of", "in_as_of", type=DATE,
                     help=f"Date the roster's steps are as of, {DATE_FORMS} (default: the first day of the first year)."),
        click.option("--proration", "in_proration", type=click.Choice(PRORATIONS),
                     help="Put every schedule on this proration convention (a sensitivity)."),
        click.option("--moves", "in_moves", type=click.Path(),
                     help="Dated lane/step moves (CSV: employee_id, date, lane, step), applied in every scenario."),
    ]

    def decorate(fn):
        @wraps(fn)
        def gathered(*args, **kwargs):
            kwargs["inputs"] = InputOptions(
                scenario=kwargs.pop("scenario_path"), roster=kwargs.pop("in_roster"), contract=kwargs.pop("in_contract"),
                proposals=tuple(kwargs.pop("in_proposals", ())), years=kwargs.pop("in_years"),
                switches=tuple(kwargs.pop("in_switches")), as_of=kwargs.pop("in_as_of"),
                proration=kwargs.pop("in_proration"), moves=kwargs.pop("in_moves"))
            return fn(*args, **kwargs)

        for option in reversed(declared):
            gathered = option(gathered)
        return gathered

    return decorate


def scenario_argument(value: str | None, option: str | None, argument: str = "SCENARIO.yaml") -> str:
    """A verb whose argument is a scenario also takes it as ``--scenario``: exactly one of them."""
    if value and option and Path(value) != Path(option):
        raise click.UsageError(f"give the scenario as {argument} or --scenario, not both")
    if not (value or option):
        raise click.UsageError(f"give the scenario: {argument} or --scenario FILE")
    return value or option

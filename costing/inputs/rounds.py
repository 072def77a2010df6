"""A negotiation's rounds: who offered what, when, and who reported it, as one validated YAML file.

Negotiators compare proposals round after round; a costing that keeps only the latest two
packages loses the record of how the sides converged. A rounds file lists every offer, counter,
withdrawal and agreement in the order they happened, each pointing at the proposal file(s) that
encode it and at the public source that reported it, so the whole negotiation is costed on one
roster and one contract (:mod:`costing.negotiate.rounds`) and every figure traces to its source.

The file names the roster, the contract, the fiscal years and the roster date like a scenario
(paths relative to the file); ``costing rounds FILE`` costs it on those, and a scenario's
``rounds:`` puts it in the report, costed with the scenario's own options. A round whose proposal
files mark terms assumed says which in ``assumed`` (checked where the rounds are costed, with the
quoted cell). Format: docs/formats.md, "Negotiation rounds".
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from ..errors import InputError
from .costed_years import FiscalYears, StatesFiscalYears
from .loading import read_yaml, validate_model
from .models import Date, Frozen, StepLabel

SIDES = ("union", "committee", "joint")
"""Who made a round: one side, or both (a tentative agreement or a ratified contract)."""
OFFER_STATUSES = ("offered", "countered", "withdrawn")
AGREED_STATUSES = ("tentatively_agreed", "ratified")
STATUS_WORDS = {"offered": "offered", "countered": "countered", "withdrawn": "withdrawn",
                "tentatively_agreed": "tentatively agreed", "ratified": "ratified"}
SIDE_WORDS = {"union": "Union", "committee": "School Committee", "joint": "Both sides"}

Side = Literal["union", "committee", "joint"]
Status = Literal["offered", "countered", "withdrawn", "tentatively_agreed", "ratified"]


class Source(Frozen):
    """Who reported a fact, when, and where to read it (a link or a citation)."""

    who: str = Field(min_length=1, description="the publication or body that reported it, e.g. 'NTA e-bulletin'")
    when: Date = Field(description="the date of the report")
    link: str = Field("", description="a URL, or a citation of a document by article and section")
    title: str = Field("", description="the title of the report, if it has one")

    def text(self) -> str:
        """'who, title (m/d/yyyy)': one line for a table of sources, dated as the reports date things (7/1/2024)."""
        title = f", \u201c{self.title}\u201d" if self.title else ""
        return f"{self.who}{title} ({self.when.month}/{self.when.day}/{self.when.year})"


class Reported(Frozen):
    """A figure the press or a party published about a round, to set beside the costed one."""

    what: str = Field(min_length=1, description="what the figure measures, in a few words")
    percent: Decimal | None = Field(None, ge=-100, le=1000, description="the figure, if a percent")
    amount: Decimal | None = Field(None, ge=-10**12, le=10**12, description="the figure, if a dollar amount")
    source: Source


class QuoteCell(Frozen):
    """The salary cell whose raises the rounds' percents are quoted at (usually the top of the main lane)."""

    schedule: str
    lane: str
    step: StepLabel


class Round(Frozen):
    """One offer, counter, withdrawal or agreement."""

    date: Date
    time: str = Field("", description="HH:MM, for rounds on the same day (optional)")
    side: Side
    status: Status
    proposals: tuple[str, ...] = Field((), description="proposal files (applied in order), relative to the rounds file")
    label: str = Field("", max_length=40, description="a short name for tables and charts")
    source: Source
    reported: tuple[Reported, ...] = ()
    note: str = Field("", description="what the source gives and what had to be assumed")
    assumed: str = Field("", max_length=120, description="what of the round's terms the costing assumed, in a phrase"
                         " set beside its figures (the rounds table, the timeline); required, and only allowed, when"
                         " its proposal files mark a change or themselves status assumed or illustrative")

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        if value and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError(f"{value!r} is not a time like 15:30 (24-hour HH:MM)")
        return value

    @property
    def agreed(self) -> bool:
        return self.status in AGREED_STATUSES

    @property
    def withdrawn(self) -> bool:
        return self.status == "withdrawn"


class Rounds(Frozen, StatesFiscalYears):
    """A negotiation: the inputs every round is costed on, and the rounds in the order they happened."""

    title: str
    district: str = ""
    roster: str
    contract: str
    years: FiscalYears
    as_of: Date | None = None
    switches: tuple[str, ...] = ()
    quote_cell: QuoteCell | None = Field(None, description="the cell the rounds' raises are quoted at")
    rounds: tuple[Round, ...] = Field(min_length=1, max_length=200)


def load_rounds(path: str | Path) -> Rounds:
    """A validated rounds file: the model, then what needs the file's place (files exist, order, sides)."""
    path = Path(path)
    rounds = validate_model(Rounds, read_yaml(path), str(path))
    check_rounds(rounds, path)
    return rounds


def resolve(rounds_path: str | Path, relative: str) -> Path:
    """A path named in a rounds file, relative to that file."""
    return (Path(rounds_path).parent / relative).resolve()


def _where(index: int, key: str) -> str:
    return f"rounds[{index + 1}].{key}"


def check_rounds(rounds: Rounds, path: str | Path) -> None:
    """One line naming the file and the round for each mistake a model cannot see on its own."""
    source = str(path)
    for name in ("roster", "contract"):
        if not resolve(path, getattr(rounds, name)).is_file():
            raise InputError(source, name, f"{getattr(rounds, name)}: file not found (paths are relative to the rounds file)")
    previous: Round | None = None
    for i, item in enumerate(rounds.rounds):
        if previous is not None and (item.date, item.time or "00:00") < (previous.date, previous.time or "00:00"):
            when = f"{item.date}{' ' + item.time if item.time else ''}"
            before = f"{previous.date}{' ' + previous.time if previous.time else ''}"
            raise InputError(source, _where(i, "date"), f"{when} is before round {i}'s {before}: list the rounds in the"
                             " order they happened (a time such as 15:15 orders rounds on the same day)")
        if item.agreed and item.side != "joint":
            raise InputError(source, _where(i, "side"), f"{item.side!r}: a round {STATUS_WORDS[item.status]} is both"
                             " sides' agreement; expected side joint")
        if not item.agreed and item.side == "joint":
            raise InputError(source, _where(i, "side"), f"'joint' is for an agreement (status tentatively_agreed or"
                             f" ratified); a round {STATUS_WORDS[item.status]} is one side's: expected side union or committee")
        if item.withdrawn and item.proposals:
            raise InputError(source, _where(i, "proposals"), "a withdrawn round withdraws the side's standing offer and"
                             " names no proposal file")
        if not item.withdrawn and not item.proposals:
            raise InputError(source, _where(i, "proposals"), f"a round {STATUS_WORDS[item.status]} needs at least one"
                             " proposal file (what was offered or agreed)")
        for file in item.proposals:
            if not resolve(path, file).is_file():
                raise InputError(source, _where(i, "proposals"), f"{file}: file not found (paths are relative to the"
                                 " rounds file)")
        if item.withdrawn and not any(r.side == item.side and not r.withdrawn for r in rounds.rounds[:i]):
            raise InputError(source, _where(i, "status"), f"the {item.side} withdraws an offer, but made none before")
        previous = item


def input_files(rounds: Rounds, path: str | Path) -> dict[str, Path]:
    """Every file a rounds file reads (itself and each round's proposals), for manifests and skip-if-unchanged."""
    files = {"rounds": Path(path).resolve()}
    for item in rounds.rounds:
        for file in item.proposals:
            files[f"round proposal:{file}"] = resolve(path, file)
    return files


__all__ = ["Rounds", "Round", "Source", "Reported", "QuoteCell", "load_rounds", "check_rounds", "resolve",
           "input_files", "SIDES", "OFFER_STATUSES", "AGREED_STATUSES", "STATUS_WORDS", "SIDE_WORDS"]

"""``costing proposal-sheet``: any proposal as a spreadsheet (one row per change), and a sheet back as YAML.

A finance director can take a proposal file into Excel, change it there, and give it back to
costing as it is (a ``.xlsx`` or ``.csv`` proposal is read wherever a proposal is), or turn it back
into the YAML the bundled proposals are written in. The direction follows the extensions: from
``.yaml`` to ``.xlsx``/``.csv``, and from a sheet to ``.yaml`` (or to the other sheet format).
Whatever is written is read back before it is put in place and must be the same proposal; an
existing file costing did not write is never replaced.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import InputError
from .common import status, user_errors, write_guard
from .options import out_option

YAML_SUFFIXES = (".yaml", ".yml")
SHEET_SUFFIXES = (".xlsx", ".csv")


def default_out(source: Path) -> Path:
    """Beside the input: a YAML proposal becomes NAME.xlsx, a sheet becomes NAME.yaml."""
    return source.with_suffix(".xlsx" if source.suffix.lower() in YAML_SUFFIXES else ".yaml")


@click.command("proposal-sheet")
@click.argument("proposal", type=click.Path())
@out_option("The file to write: .xlsx or .csv for a sheet, .yaml for a proposal file "
            "(default: beside PROPOSAL, as .xlsx for a YAML proposal and .yaml for a sheet).")
@user_errors
def proposal_sheet(proposal: str, out: str | None) -> None:
    """Write PROPOSAL as a spreadsheet with one row per change, or a proposal sheet back as YAML.

    The sheet uses the proposal file's own words: the proposal's fields above the table, then a row
    headed op, effective and the ops' field names, one row per change (docs/formats.md, "A proposal
    as a spreadsheet"). Dates may be typed 7/1/2026, money $2,000, percents 4.5%.
    """
    from ..inputs.loading import load_proposal, validate_model
    from ..inputs.proposal_sheet import write_proposal_sheet
    from ..inputs.proposal_writer import proposal_yaml
    from ..output import atomic_write_text

    source = Path(proposal)
    if source.suffix.lower() not in (*YAML_SUFFIXES, *SHEET_SUFFIXES):
        raise InputError(str(source), None, "is not a proposal file (.yaml) or a proposal sheet (.xlsx, .csv)")
    target = Path(out) if out else default_out(source)
    if target.suffix.lower() not in (*YAML_SUFFIXES, *SHEET_SUFFIXES):
        raise InputError(None, "--out", f"{target}: write a .xlsx or .csv sheet, or a .yaml proposal file")
    loaded = load_proposal(source)
    if target.suffix.lower() in YAML_SUFFIXES:
        header = f"Written by costing proposal-sheet from {source.name} on {dt.date.today():%Y-%m-%d}."
        atomic_write_text(target, proposal_yaml(loaded, header), write_guard(source))
    else:
        write_proposal_sheet(loaded, target, check=validate_model, guard=write_guard(source))
    status(f"wrote {target} ({len(loaded.changes)} change{'s' if len(loaded.changes) != 1 else ''})")


COMMANDS = [proposal_sheet]

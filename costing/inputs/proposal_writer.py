"""Writing a proposal as a YAML file: the inverse of :func:`costing.inputs.loading.load_proposal`.

The text is made from the proposal models alone (:mod:`.proposal_fields`): every field a change
holds that differs from its default, op and date first, sources last, one change a line as the
bundled files are written; dates ISO; numbers exact (a Decimal is written as its own digits, never
through a float); a percent below 0.5 with its sign ("0.25%"), because the loader reads a bare 0.25
as a fraction typed by mistake. A table a change read from a CSV (``file:``) is written with its
rates inline, so the file says exactly what was costed. Every text is read back before it is
returned: :func:`proposal_yaml` never hands out a file that would load as anything else.

:func:`save_new_proposal` writes such a file under a name nobody holds yet: never over a file.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import BaseModel

from ..errors import InputError
from ..output import NameTaken, write_new_file
from .loading import validate_model
from .models import Proposal
from .proposal_cells import yaml_text
from .proposal_fields import header_written, is_percent, written

MAX_STEM = 60
"""A saved proposal's file name (without .yaml) is at most this long: it is also the scenario's name."""


def _percent_text(value):
    """3 stays 3; 0.25 becomes "0.25%" (a bare 0.25 would be refused as a fraction typed by mistake)."""
    if isinstance(value, Decimal | int | float) and 0 < abs(value) < Decimal("0.5"):
        return f"{format(Decimal(str(value)).normalize(), 'f')}%"
    return value


def change_data(change: BaseModel) -> dict:
    """One change as the YAML file holds it (:func:`~costing.inputs.proposal_fields.written`), small
    percents with their sign."""
    data = written(change)
    return {k: _percent_text(v) if is_percent(type(change), k) else v for k, v in data.items()}


def _wrap(text: str, width: int = 98) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def proposal_yaml(proposal: Proposal, header: str = "", first_line: str = "") -> str:
    """The proposal as a YAML file (one change a line), checked to read back equal.

    ``header`` becomes comment lines at the top; ``first_line`` is kept verbatim when it is a
    comment (the filed file's editor schema line).
    """
    lines = [first_line] if first_line.startswith("#") else []
    lines += [f"# {line}" for line in _wrap(header)]
    lines.append(yaml_text(header_written(proposal), flow=False))
    lines.append("changes:" if proposal.changes else "changes: []")
    lines += [f"  - {yaml_text(change_data(change), flow=True)}" for change in proposal.changes]
    text = "\n".join(lines) + "\n"
    if read_back(text) != proposal:
        raise AssertionError("the proposal would not read back as written")  # pragma: no cover - a bug, not a user error
    return text


def read_back(text: str) -> Proposal:
    """A proposal from YAML text, as :func:`~costing.inputs.loading.load_proposal` reads a file."""
    return validate_model(Proposal, yaml.safe_load(text), "the proposal as written")


def file_stem(text: str) -> str:
    """A proposal's file name (its scenario name) from what a user typed: lower case, digits and underscores.

    Anything else (slashes, dots, spaces) becomes an underscore, so the name can never leave the
    folder it is saved in. A name longer than :data:`MAX_STEM` is refused (an InputError naming no path).
    """
    stem = re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
    if len(stem) > MAX_STEM:
        raise InputError(None, "file name", f"is {len(stem)} characters long; a proposal's file name may be at most"
                         f" {MAX_STEM} (it is also the proposal's name in tables)")
    return stem if stem and stem != "baseline" else "what_if"


def save_new_proposal(proposal: Proposal, folder: Path, stem: str, header: str = "", first_line: str = "") -> Path:
    """Write ``folder/<stem>.yaml``, or ``<stem>_2.yaml`` and so on when that exists: never over a file.

    Each name is taken with :func:`costing.output.write_new_file` (never over anything, never through
    a link), so two saves at once (two browser tabs) cannot pick the same name: the second finds the
    name taken and moves on. A failure is an InputError naming only the file's name, not the folder.
    """
    text = proposal_yaml(proposal, header, first_line)
    stem = file_stem(stem)
    if not Path(folder).is_dir():   # a proposal is saved beside the others, never into a folder made for it
        raise InputError(f"{stem}.yaml", None, "cannot be written: its folder is not there")
    for n in range(1, 1000):
        path = Path(folder) / (f"{stem}.yaml" if n == 1 else f"{stem}_{n}.yaml")
        if os.path.lexists(path):
            continue
        try:
            return write_new_file(path, text)
        except NameTaken:
            continue
        except InputError as exc:
            raise InputError(path.name, None, exc.message) from None
    raise InputError(stem, None, "no free file name (999 taken)")

"""JSON Schemas for the YAML inputs, generated from the models so they can never drift."""

from __future__ import annotations

import json
from pathlib import Path

from ..output import WriteGuard, atomic_write_text
from .models import Contract, Proposal


def schemas() -> dict[str, dict]:
    from .comparables import Comparables
    from .scenario import Scenario
    from .synth import RosterSpec

    out = {}
    for name, model in (("contract", Contract), ("proposal", Proposal), ("scenario", Scenario), ("roster_spec", RosterSpec),
                        ("comparables", Comparables)):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"costing {name}"
        out[f"{name}.schema.json"] = schema
    return out


def write_schemas(folder: Path, check: bool = False) -> list[str]:
    """Write (or with ``check``, compare) the schema files; returns the names that differ."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, schema in schemas().items():
        text = json.dumps(schema, indent=2, sort_keys=True, default=str) + "\n"
        path = folder / name
        if not path.exists() or path.read_text() != text:
            changed.append(name)
            if not check:
                atomic_write_text(path, text, WriteGuard(replace=True))  # replaced as before, never through a link
    return changed

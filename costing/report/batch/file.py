"""The batch file: an output folder and the scenarios to build into it, each into its own folder."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator

from ...errors import InputError
from ...inputs.loading import read_yaml, validate_model
from ...inputs.models import Frozen


class Batch(Frozen):
    output: str = Field(description="folder for the dated report folders, relative to the batch file")
    scenarios: tuple[str, ...] = Field(min_length=1, description="scenario files, relative to the batch file")

    @field_validator("scenarios")
    @classmethod
    def _unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        names = [folder_name(Path(v)) for v in value]
        if len(set(names)) != len(names):
            raise ValueError("two scenarios would write into the same folder; keep one scenario per folder")
        return value


def load_batch(path: str | Path) -> Batch:
    """Validate a batch file; every scenario it names must exist."""
    batch = validate_model(Batch, read_yaml(Path(path)), str(path))
    for i, item in enumerate(batch.scenarios):
        if not (Path(path).parent / item).is_file():
            raise InputError(str(path), f"scenarios[{i + 1}]", f"{item}: file not found")
    return batch


def folder_name(scenario_path: Path) -> str:
    """reports/<date>/chelsea for data/chelsea/scenario.yaml; chelsea_compare for data/chelsea/compare.yaml."""
    if scenario_path.stem == "scenario":
        return scenario_path.parent.name
    return f"{scenario_path.parent.name}_{scenario_path.stem}" if scenario_path.parent.name else scenario_path.stem

"""Finished outputs are readable like any other file the user makes (temporary ones are private)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from costing.output import atomic_directory, atomic_write_text


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_outputs_get_ordinary_permissions(tmp_path: Path) -> None:
    atomic_write_text(tmp_path / "a.txt", "x")
    atomic_directory(tmp_path / "report", lambda d: (d / "inner.txt").write_text("y"))
    mask = _umask()
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o666 & ~mask
    assert stat.S_IMODE((tmp_path / "report").stat().st_mode) == 0o777 & ~mask
    assert stat.S_IMODE((tmp_path / "report/inner.txt").stat().st_mode) == 0o666 & ~mask

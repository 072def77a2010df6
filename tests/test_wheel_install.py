"""The package works installed from its wheel, not only from a checkout (issue 25 item 3).

The wheel is built from a copy of the source (so the checkout gets no build/ folder), installed
into a fresh virtual environment and run from a folder outside the checkout on a copy of the
bundled Chelsea data: `costing report` must find its notebooks, HTML template and stylesheet as
package data. Nothing is downloaded: the wheel is built with this environment's setuptools
(`--no-build-isolation`), installed with `--no-index --no-deps`, and the new environment borrows
this one's installed dependencies through a .pth line (which adds the folder to sys.path but runs
none of its .pth files, so the checkout's editable-install hook never loads there). nbconvert's own
templates are data files under this environment's share/jupyter, where `pip install
"costing[report]"` would have put them in the new one: JUPYTER_PATH names a folder holding only
them (not this environment's kernel, which would run the checkout's package).
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import DATA, ROOT

pytestmark = pytest.mark.report   # builds reports: left out of the fast loop (pytest -m "not report")

SOURCE = ("costing", "pyproject.toml", "README.md", "LICENSE")


def run(*args: str | Path, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCE:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", work / "dist",
        source, cwd=work)
    (built,) = (work / "dist").glob("costing-*.whl")
    return built


def test_wheel_holds_every_file_read_at_run_time(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    package_data = {str(p.relative_to(ROOT)).replace(os.sep, "/") for p in (ROOT / "costing").rglob("*")
                    if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    assert package_data and package_data <= names, sorted(package_data - names)
    assert {"costing/report/report.css", "costing/report/templates/report/index.html.j2",
            "costing/report/notebooks/scenario_report.ipynb"} <= names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: Apache-2.0" in text and "Provides-Extra: report" in text
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_installed_wheel_makes_a_report_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path)
                   .stdout.strip())
    borrowed = [p for p in [*site.getsitepackages(), sysconfig.get_paths()["purelib"]] if Path(p).is_dir()]
    (purelib / "_costing_test_dependencies.pth").write_text("\n".join(dict.fromkeys(borrowed)) + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel,
        cwd=tmp_path)
    run(python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3", cwd=tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COSTING_NOTEBOOKS", "VIRTUAL_ENV")}
    templates = tmp_path / "borrowed-jupyter"
    templates.mkdir()
    (templates / "nbconvert").symlink_to(Path(sys.prefix) / "share/jupyter/nbconvert", target_is_directory=True)
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", XDG_STATE_HOME=str(tmp_path / "state"),
               JUPYTER_DATA_DIR=str(tmp_path / "jupyter"), JUPYTER_PATH=str(templates), HOME=str(tmp_path / "home"))
    where = run(python, "-c", "import costing, costing.report.html as h; print(costing.__file__); print(h.CSS)",
                cwd=tmp_path, env=env).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where
    shutil.copytree(DATA / "chelsea", tmp_path / "data/chelsea")
    result = run(venv / "bin" / "costing", "report", "data/chelsea/scenario.yaml", cwd=tmp_path, env=env)
    folder = tmp_path / "reports/chelsea"
    assert {"report.html", "report.pdf", "workbook.xlsx", "manifest.json"} <= {p.name for p in folder.iterdir()}, (
        result.stderr)
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "@page" in html            # the package's print stylesheet is in the page


BLOCK_REPORT_EXTRA = """
import sys
from costing.cli.common import REPORT_EXTRA
for name in REPORT_EXTRA:
    sys.modules[name] = None          # as if `pip install costing` without [report]
from costing.cli import main
main()
"""


def test_core_verbs_need_no_report_extra(tmp_path: Path) -> None:
    """pyproject's [report] extra holds what only reports need: the core verbs run without it, and a
    report without it is one line saying what to install (exit 2)."""
    chelsea = DATA / "chelsea"
    core = [["validate", chelsea / "scenario.yaml"],
            ["project", "--roster", chelsea / "roster.csv", "--contract", chelsea / "contract.yaml",
             "--proposal", chelsea / "proposals/moa_2024.yaml", "--years", "2025-2027"],
            ["compare", "--scenario", chelsea / "compare.yaml"]]
    for args in core:
        run(sys.executable, "-c", BLOCK_REPORT_EXTRA, *args, cwd=tmp_path)
    result = subprocess.run([sys.executable, "-c", BLOCK_REPORT_EXTRA, "report", str(chelsea / "scenario.yaml")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")})
    assert result.returncode == 2 and 'pip install "costing[report]"' in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

"""Write the golden files that tests/test_golden.py compares against: `python tests/golden/regenerate.py`.

Each case runs the real `costing project` verb (summary, --headcount, then --detail) on a bundled district's
inputs and stores what it writes. Regenerate only when a change is *meant* to move the numbers
(a convention changed, a bundled input changed), and say so in the commit; a speed change must
leave these files alone.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent

# name -> arguments of `costing project` (paths relative to the repository root)
CASES = {
    "chelsea": ["--roster", "data/chelsea/roster.csv", "--contract", "data/chelsea/contract.yaml",
                "--proposal", "data/chelsea/proposals/moa_2024.yaml",
                "--proposal", "data/chelsea/proposals/union_counter.yaml",
                "--years", "2025-2027", "--as-of", "2024-07-01"],
    "new_bedford": ["--roster", "data/new_bedford/roster.csv", "--contract", "data/new_bedford/contract.yaml",
                    "--proposal", "data/new_bedford/proposals/agreement_2022.yaml",
                    "--years", "2023-2025", "--as-of", "2022-07-01"],
    "newton": ["--roster", "data/newton/roster.csv", "--contract", "data/newton/contract.yaml",
               "--proposal", "data/newton/proposals/nta_2024-01-28.yaml",
               "--proposal", "data/newton/proposals/ratified_2024.yaml",
               "--years", "2025-2028", "--as-of", "2024-07-01"],
    "boston": ["--roster", "data/boston/roster.csv", "--contract", "data/boston/contract.yaml",
               "--proposal", "data/boston/proposals/accretion_2021.yaml",
               "--years", "2022-2023", "--as-of", "2021-07-01"],
}


def run_project(args: list[str], out: Path) -> None:
    """Run `costing project ARGS --out OUT` in this process, from the repository root."""
    import os

    from costing.cli.main import main as cli

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, ["--replace", "project", *args, "--out", str(out)], catch_exceptions=False)
    finally:
        os.chdir(here)
    if result.exit_code != 0:
        raise RuntimeError(f"costing project {' '.join(args)} failed: {result.output}")


def main() -> None:
    import tempfile

    for name, args in CASES.items():
        run_project(args, GOLDEN / f"{name}_summary.csv")
        run_project([*args, "--headcount"], GOLDEN / f"{name}_headcount.csv")
        with tempfile.TemporaryDirectory() as tmp:
            detail = Path(tmp) / "detail.csv"
            run_project([*args, "--detail"], detail)
            with open(GOLDEN / f"{name}_detail.csv.gz", "wb") as raw, \
                    gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:  # mtime 0: same bytes each run
                handle.write(detail.read_bytes())
        print(f"wrote {name}_summary.csv, {name}_headcount.csv and {name}_detail.csv.gz", file=sys.stderr)


if __name__ == "__main__":
    main()

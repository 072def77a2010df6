"""Helpers for tests that run the command line in-process: one call, and the one-line error check."""

from __future__ import annotations

from click.testing import CliRunner, Result

from costing.cli import main


def run_cli(*args, env: dict[str, str] | None = None) -> Result:
    """``costing ARGS...`` in this process (paths may be Path objects)."""
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def one_line_error(result: Result, *fragments: str) -> str:
    """Exit status 2 and exactly one line on stderr, ``error: ...``, holding each fragment; that line."""
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]

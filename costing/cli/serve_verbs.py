"""``costing serve``: the what-if notebook as a web page at the table, through Voilà.

Voilà runs costing/report/notebooks/what_if.ipynb with its code hidden (the notebook stays the one place the
page is made) and gives each browser tab its own kernel; it refuses execute requests from the
page, so the page can only move the controls the notebook built. The scenario reaches the
notebook through ``COSTING_WHAT_IF_*`` environment variables, which Voilà passes on to the
kernels it starts. The server binds to this computer only (127.0.0.1) unless told otherwise,
because the figures are computed from the roster on this computer, and it asks for a fresh
random token in the address so another user of the same machine cannot open the page.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import click

from ..errors import InputError
from .common import user_errors

DEFAULT_PORT = 8866          # Voilà's own default
START_SECONDS = 60.0         # how long the server may take to start listening


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port(host: str, wanted: int | None) -> int:
    """``wanted`` if it can be bound (an error naming it if not); else 8866, or any free port if 8866 is taken."""
    for port in ([wanted] if wanted else [DEFAULT_PORT, 0]):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
            try:
                sock.bind((host, port))
            except OSError as exc:
                if wanted:
                    raise InputError(None, "--port", f"cannot listen on {host}:{port} ({exc.strerror}); "
                                                     "pick another port or leave --port out") from None
                continue
            return sock.getsockname()[1]
    raise InputError(None, "--host", f"cannot listen on {host}")  # pragma: no cover - port 0 always binds


def check_scenario(path: str, proposal: str | None, other: str | None) -> str:
    """Load everything the page reads (scenario, contract, proposals, roster) so a mistake is one line here,
    not an error on the page; return the scenario's title."""
    from ..engine.apply import apply_proposal
    from ..inputs.loading import load_contract, load_proposal
    from ..inputs.roster import load_roster
    from ..inputs.scenario import load_scenario, resolve

    scenario = load_scenario(path)
    contract = load_contract(resolve(path, scenario.contract))
    names, singles, needed = [], [], {}
    for entry in scenario.proposals:
        files = [entry] if isinstance(entry, str) else list(entry.apply)
        name = Path(entry).stem if isinstance(entry, str) else entry.name
        applied = contract
        for file in files:
            applied = apply_proposal(applied, load_proposal(resolve(path, file)), scenario.switches, source=str(resolve(path, file)))
        names.append(name)
        needed[str(resolve(path, files[-1]))] = applied
        if isinstance(entry, str):
            singles.append(name)
    if not singles:
        raise InputError(path, "proposals", "the what-if needs at least one proposal given as a single file")
    if proposal and proposal not in singles:
        raise InputError(None, "--proposal", f"{proposal!r} is not a single-file proposal of {path} (has {singles})")
    if other and other not in [*names, "baseline"]:
        raise InputError(None, "--other", f"{other!r} is not a scenario of {path} (has {['baseline', *names]})")
    load_roster(resolve(path, scenario.roster), contract, needed_by=needed)
    return scenario.title


def wait_until_listening(process: subprocess.Popen, host: str, port: int, timeout: float = START_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise InputError(None, None, f"the page server stopped while starting (exit status {process.returncode}); see above")
        try:
            with socket.create_connection((host if host not in ("0.0.0.0", "::") else "127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise InputError(None, None, f"the page server did not start listening on port {port} within {timeout:.0f} s")


def _interrupt(signum, frame):
    """SIGTERM or a closed terminal stop the server as Ctrl-C does, so no Voilà process is left behind."""
    raise KeyboardInterrupt


def stop(process: subprocess.Popen) -> None:
    """Stop the server and the kernels it started (Voilà shuts its kernels down on SIGTERM)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@click.command()
@click.argument("scenario", type=click.Path())
@click.option("--proposal", help="The proposal to move first (the proposal file's stem); default: the scenario's last.")
@click.option("--other", help="The other side's offer (a scenario name); default: the scenario's first other proposal.")
@click.option("--budget", default="", help="Budget for new money over the contract, in dollars (the page can change it).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this computer (127.0.0.1, localhost) is warned about.")
@click.option("--port", type=click.IntRange(1, 65535), help=f"Port (default {DEFAULT_PORT}, or a free one if that is taken).")
@click.option("--token/--no-token", default=True, show_default=True,
              help="Require a random token in the address (so other users of this computer cannot open the page).")
@user_errors
def serve(scenario: str, proposal: str | None, other: str | None, budget: str, host: str, port: int | None,
          token: bool) -> None:
    """Serve the what-if as a web page: move an offer and see its cost, with no code showing.

    Starts Voilà on costing/report/notebooks/what_if.ipynb for SCENARIO, prints the address, and runs until
    Ctrl-C. The page shows totals only, never names or employee IDs; "Save as proposal" writes a
    new proposal file beside the scenario's proposals (never over one).
    """
    from ..report.execute import NOTEBOOKS

    notebook = NOTEBOOKS / "what_if.ipynb"
    if not notebook.is_file():
        raise InputError(str(notebook), None, "the what-if notebook is not there (set COSTING_NOTEBOOKS to the notebooks folder)")
    title = check_scenario(scenario, proposal, other)
    if not is_loopback(host):
        click.echo(f"warning: --host {host} lets other computers reach the page; its figures come from the roster "
                   "on this computer. Use the default (127.0.0.1) unless you mean it.", err=True)
    port = free_port(host, port)
    secret = secrets.token_urlsafe(24) if token else ""
    env = {**os.environ, "COSTING_WHAT_IF_SCENARIO": str(Path(scenario).resolve()),
           "COSTING_WHAT_IF_PROPOSAL": proposal or "", "COSTING_WHAT_IF_OTHER": other or "",
           "COSTING_WHAT_IF_BUDGET": budget}
    command = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}", f"--Voila.ip={host}",
               "--Voila.port_retries=0", "--strip_sources=True", "--theme=light", "--Voila.log_level=WARN",
               f"--Voila.token={secret}"]
    process = subprocess.Popen(command, env=env, cwd=str(NOTEBOOKS))
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        wait_until_listening(process, host, port)
        shown = host if is_loopback(host) or host not in ("0.0.0.0", "::") else socket.gethostname()
        shown = f"[{shown}]" if ":" in shown else shown
        address = f"http://{shown}:{port}/" + (f"?token={secret}" if secret else "")
        click.echo(f"What-if page for {title}:\n  {address}\nOpen it in a browser; Ctrl-C here stops it.", nl=True)
        sys.stdout.flush()
        process.wait()
    except KeyboardInterrupt:
        click.echo("stopping the what-if page", err=True)
    finally:
        stop(process)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


COMMANDS = [serve]

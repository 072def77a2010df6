"""``costing serve``: the what-if page at the table, through Voilà.

Voilà runs ``notebooks/what_if.ipynb`` (which only calls :mod:`costing.report.what_if_page`) with
its code hidden and gives each browser tab its own kernel; it refuses execute requests from the
page, so the page can only move the controls the page module built. The scenario reaches the
notebook through ``COSTING_WHAT_IF_*`` environment variables, which Voilà passes on to the
kernels it starts.

Safety, all through Voilà's and Jupyter's own settings:

* the server binds to this computer only (127.0.0.1) unless told otherwise, because the figures
  are computed from the roster on this computer;
* a fresh random token guards every route; it reaches Voilà in the environment (``JUPYTER_TOKEN``),
  never on a command line another user could read with ``ps``, and ``--open`` hands it to the
  browser through a private file, as Jupyter does;
* a kernel that no browser is connected to (a tab closed, a page loaded whose websocket never
  opened) is shut down after ``--idle-timeout`` seconds idle (``MappingKernelManager.cull_*``);
  an open page is never culled;
* kernels talk to the server over local sockets in a private folder (``transport=ipc``), not TCP
  ports; and the terminal stays quiet (Voilà's log at ERROR) unless ``--verbose``.
"""

from __future__ import annotations

import html
import ipaddress
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import webbrowser
from pathlib import Path

import click

from ..errors import InputError
from .common import user_errors
from .options import scenario_argument, scenario_option

DEFAULT_PORT = 8866          # Voilà's own default
START_SECONDS = 60.0         # how long the server may take to start listening
IDLE_TIMEOUT = 600           # seconds a kernel with no browser connected may sit idle before it is shut down


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
    """Load and cost the scenario exactly as the page will (:meth:`WhatIf.from_scenario`), so a mistake
    is one line here rather than an error on the page; check the names given; return the scenario's title."""
    from ..negotiate.what_if import WhatIf

    what_if = WhatIf.from_scenario(path)
    editable, names = what_if.editable(), what_if.scenarios()
    if proposal and proposal not in editable:
        raise InputError(None, "--proposal", f"{proposal!r} is not a single-file proposal of {path} (has {editable})")
    if other and other not in names:
        raise InputError(None, "--other", f"{other!r} is not a scenario of {path} (has {names})")
    return what_if.title


VOILA_CONFIG = {"Voila": {"tornado_settings": {"ws_ping_timeout": 30000}}}
"""Voilà's own config file (written to a private folder; no user's or system voila.json is read): jupyter_server's
default websocket ping timeout (90 s) is longer than its 30 s ping interval, which tornado refuses with a warning on
every page's first connection, so the timeout tornado uses anyway is stated."""


def voila_command(notebook: Path, host: str, port: int, token: bool, idle_timeout: int, verbose: bool,
                  config: Path) -> list[str]:
    """Voilà's command line: nothing secret on it (the token goes in the environment); its config file in ``config``."""
    import json

    (config / "voila.json").write_text(json.dumps(VOILA_CONFIG), encoding="utf-8")
    interval = max(1, min(60, idle_timeout // 2))
    return [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}", f"--Voila.ip={host}",
            f"--Voila.config_file_paths={config}",
            "--Voila.port_retries=0", "--strip_sources=True", "--theme=light",
            f"--Voila.log_level={'INFO' if verbose else 'ERROR'}",
            *(["--Voila.auto_token=True"] if token else ["--Voila.token="]),
            "--KernelManager.transport=ipc",
            f"--MappingKernelManager.cull_idle_timeout={idle_timeout}",
            f"--MappingKernelManager.cull_interval={interval}",
            "--MappingKernelManager.cull_connected=False"]


def open_browser(address: str, folder: Path) -> bool:
    """Open the page in the default browser through a private redirect file (mode 0600), so the
    address with its token is never on a command line; False when no browser could be started."""
    redirect = folder / "open-what-if.html"
    quoted = html.escape(address, quote=True)
    fd = os.open(redirect, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f'<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={quoted}">'
                     f'<title>What-if page</title><p><a href="{quoted}">Open the what-if page</a></p>\n')
    try:
        return webbrowser.open(redirect.as_uri())
    except webbrowser.Error:
        return False


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
@click.argument("scenario", type=click.Path(), required=False)
@scenario_option("The scenario (the same as SCENARIO).", dest="scenario_option_path")
@click.option("--proposal", help="The proposal to move first (the proposal file's stem); default: the scenario's last.")
@click.option("--other", help="The other side's offer (a scenario name); default: the scenario's first other proposal.")
@click.option("--budget", default="", help="Budget for new money over the contract, in dollars (the page can change it).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this computer (127.0.0.1, localhost) is warned about.")
@click.option("--port", type=click.IntRange(1, 65535), help=f"Port (default {DEFAULT_PORT}, or a free one if that is taken).")
@click.option("--token/--no-token", default=True, show_default=True,
              help="Require a random token in the address (so other users of this computer cannot open the page).")
@click.option("--open", "open_page", is_flag=True, help="Open the page in this computer's default browser.")
@click.option("--idle-timeout", type=click.IntRange(1, 7 * 24 * 3600), default=IDLE_TIMEOUT, show_default=True,
              help="Seconds a page's kernel may sit idle with no browser connected before it is shut down "
                   "(a closed tab, a page that never finished loading). An open page is never shut down.")
@click.option("-v", "--verbose", is_flag=True, help="Show Voilà's own log in the terminal (quiet by default).")
@user_errors
def serve(scenario: str | None, scenario_option_path: str | None, proposal: str | None, other: str | None, budget: str,
          host: str, port: int | None, token: bool, open_page: bool, idle_timeout: int, verbose: bool) -> None:
    """Serve the what-if as a web page: move an offer and see its cost, with no code showing.

    Costs SCENARIO once to check it, starts Voilà on the what-if page, prints the address and runs
    until Ctrl-C. The page shows totals only, never names or employee IDs; "Save as proposal" writes
    a new proposal file beside the scenario's proposals (never over one).
    """
    from ..report.execute import NOTEBOOKS
    from ..report.what_if_inputs import read_budget

    scenario = scenario_argument(scenario, scenario_option_path, "SCENARIO")
    notebook = NOTEBOOKS / "what_if.ipynb"
    if not notebook.is_file():
        raise InputError(str(notebook), None, "the what-if notebook is not there (set COSTING_NOTEBOOKS to the notebooks folder)")
    if not read_budget(budget).ok:
        raise InputError(None, "--budget", read_budget(budget).message)
    title = check_scenario(scenario, proposal, other)
    if not is_loopback(host):
        click.echo(f"warning: --host {host} lets other computers reach the page; its figures come from the roster "
                   "on this computer. Use the default (127.0.0.1) unless you mean it.", err=True)
    port = free_port(host, port)
    secret = secrets.token_urlsafe(24) if token else ""
    env = {**os.environ, "COSTING_WHAT_IF_SCENARIO": str(Path(scenario).resolve()),
           "COSTING_WHAT_IF_PROPOSAL": proposal or "", "COSTING_WHAT_IF_OTHER": other or "",
           "COSTING_WHAT_IF_BUDGET": budget}
    env.pop("JUPYTER_TOKEN_FILE", None)
    if secret:
        env["JUPYTER_TOKEN"] = secret
    else:
        env.pop("JUPYTER_TOKEN", None)
    if not verbose:
        env.setdefault("PYTHONWARNINGS", "ignore")   # library warnings from the kernels stay off the terminal
    with tempfile.TemporaryDirectory(prefix="costing-serve-") as private:
        command = voila_command(notebook, host, port, bool(secret), idle_timeout, verbose, Path(private))
        process = subprocess.Popen(command, env=env, cwd=str(NOTEBOOKS), stdin=subprocess.DEVNULL)
        previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
        try:
            wait_until_listening(process, host, port)
            shown = host if is_loopback(host) or host not in ("0.0.0.0", "::") else socket.gethostname()
            shown = f"[{shown}]" if ":" in shown else shown
            address = f"http://{shown}:{port}/" + (f"?token={secret}" if secret else "")
            click.echo(f"What-if page for {title}:\n  {address}\nOpen it in a browser; Ctrl-C here stops it.", nl=True)
            sys.stdout.flush()
            if open_page and not open_browser(address, Path(private)):
                click.echo("could not start a browser on this computer: open the address above yourself", err=True)
            process.wait()
        except KeyboardInterrupt:
            click.echo("stopping the what-if page", err=True)
        finally:
            stop(process)
            for sig, handler in previous.items():
                signal.signal(sig, handler)


COMMANDS = [serve]

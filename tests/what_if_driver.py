"""Starting ``costing serve`` and driving its page in Debian's headless Chromium (tests and benchmark share it).

Nothing here downloads a browser or a driver: Selenium is given /usr/bin/chromedriver and
/usr/bin/chromium, which makes it skip Selenium Manager, and :func:`browser` also disarms
Selenium Manager so that a missing path fails instead of fetching one.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1800"]


def missing_browser() -> str:
    """Why the browser test cannot run here, or "" when it can."""
    absent = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if absent:
        return f"no browser installed ({', '.join(absent)} missing; scripts/system-deps.sh installs Debian's chromium)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(scenario: Path, *options: str, timeout: float = 90.0, env: dict | None = None):
    """Run ``costing serve SCENARIO --port FREE`` and yield (address, process); always stop it and its kernels.

    The server runs in its own process group, so stopping it stops Voilà and every kernel with it.
    Its stderr stays readable after the block (``process.stderr.read()``): what the terminal showed.
    """
    command = [sys.executable, "-m", "costing", "serve", str(scenario), "--port", str(free_port()), *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env=env)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        address, deadline = None, time.monotonic() + timeout
        while address is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5).strip()
            except queue.Empty:
                if process.poll() is not None:
                    raise RuntimeError(f"costing serve stopped: {process.stderr.read()}") from None
                continue
            address = line if line.startswith("http://") else None
        if address is None:
            raise RuntimeError("costing serve printed no address")
        yield address, process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to `costing serve` (which stops Voilà), then to the whole group, then SIGKILL if need be."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
        time.sleep(0.5)
        os.killpg(process.pid, signal.SIGKILL)
    if process.poll() is None:
        process.wait(timeout=10)


def descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid`` (children, their children...) with its command line, read from /proc."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found[child] = commands.get(child, "")
                frontier.append(child)
    return found


def kernels(pid: int) -> list[int]:
    """The Jupyter kernels running below ``pid``."""
    return [p for p, command in descendants(pid).items() if "ipykernel" in command]


def all_command_lines() -> list[str]:
    out = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit():
                out.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
    return out


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@contextlib.contextmanager
def browser():
    """Headless Debian Chromium through its own chromedriver, with a new empty profile (removed afterwards)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common import selenium_manager

    def refuse(*_args, **_kwargs):
        raise RuntimeError("Selenium Manager must not run: it would download a browser or driver")

    selenium_manager.SeleniumManager.binary_paths = refuse
    profile = tempfile.mkdtemp(prefix="what-if-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def figures_text(driver) -> list[list[str]]:
    """The figures table's body as the page shows it, row by row (read in one script: the page may redraw it)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.wi-figures table tbody tr'))"
        ".map(r => Array.from(r.querySelectorAll('th, td')).map(c => c.textContent.trim()));")


def wait_for_page(driver, address: str, timeout: float = 120.0) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(address)
    WebDriverWait(driver, timeout).until(figures_text)


def type_into(driver, css: str, text: str) -> None:
    """Replace a number box's value and leave the box (the page re-costs on the change)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.CSS_SELECTOR, f"{css} input")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(text, Keys.TAB)


def wait_for_change(driver, before, timeout: float = 30.0) -> float:
    """Seconds until the figures table differs from ``before``."""
    from selenium.webdriver.support.ui import WebDriverWait

    start = time.perf_counter()
    WebDriverWait(driver, timeout, poll_frequency=0.01).until(lambda d: figures_text(d) != before)
    return time.perf_counter() - start

"""Helpers for the browser tests: Chromium, servers in their own process groups, screenshots.

The tests drive the Debian `chromium` package (`apt-get install chromium chromium-driver`; `.ci/run`
installs it) through Playwright's Python package; Playwright's own browser download cannot work
here. Without Chromium (or with `$NEWSWIRE_CHROMIUM` pointing at a missing file) they skip.
Screenshots land in `artifacts/browser/<test>/` (git-ignored), which CI keeps as test artifacts.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, SAMPLE_DUMP

CHROMIUM_ENV = "NEWSWIRE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "artifacts" / "browser"
NEWSWIRE = str(Path(sys.executable).with_name("newswire"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_or_skip() -> str:
    """The Chromium executable, or skip the test saying how to get it."""
    path = os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.skip(
            f"Chromium not found at {path} (set ${CHROMIUM_ENV} or `apt-get install chromium "
            "chromium-driver`; .ci/run installs it)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed (uv sync installs the dev group)")
    return path


def artifacts_dir(name: str) -> Path:
    """A fresh screenshot folder for one test."""
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Workspace:
    """A throw-away landing folder, warehouse, serving copy and Dagster home."""

    root: Path
    landing: Path
    warehouse: Path
    env: dict[str, str]

    @property
    def serving(self) -> Path:
        return self.warehouse.parent / "serving" / "newswire.duckdb"


def build_workspace(root: Path) -> Workspace:
    """The sample dump in a fresh landing folder, loaded with `newswire run`."""
    landing = root / "landing"
    landing.mkdir(parents=True)
    shutil.copy(SAMPLE_DUMP, landing / SAMPLE_DUMP.name)
    warehouse = root / "warehouse" / "newswire.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSWIRE_", "DAGSTER_"))}
    env.update(
        {
            "NEWSWIRE_LANDING_DIR": str(landing),
            "NEWSWIRE_WAREHOUSE": str(warehouse),
            "NEWSWIRE_SERVING_DIR": str(warehouse.parent / "serving"),
            "DAGSTER_HOME": str(root / "dagster_home"),
        }
    )
    if CHROMIUM_ENV in os.environ:
        env[CHROMIUM_ENV] = os.environ[CHROMIUM_ENV]
    result = subprocess.run(
        [NEWSWIRE, "run", "--landing", str(landing), "--warehouse", str(warehouse)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"newswire run failed:\n{result.stdout}\n{result.stderr}"
    return Workspace(root, landing, warehouse, env)


class Server:
    """A server process started in its own session, so the whole process group can be stopped."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path, cwd: Path | None = None):
        self.command = command
        self.log = log
        self._log_handle = open(log, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log_tail(self, lines: int = 40) -> str:
        self._log_handle.flush()
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def wait_for(self, url: str, timeout: float) -> None:
        """Poll `url` until it answers 200; fail early (with the log) if the server exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self.command[:2]} exited with {self.process.returncode}:\n{self.log_tail()}")
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(url, timeout=5) as r,
            ):
                if r.status == 200:
                    return
            time.sleep(1)
        pytest.fail(f"{url} did not answer within {timeout:.0f}s:\n{self.log_tail()}")

    def stop(self, timeout: float = 30) -> None:
        """SIGINT to the process group (dg dev ignores SIGTERM), then SIGKILL whatever is left."""
        try:
            pgid = os.getpgid(self.process.pid)
        except ProcessLookupError:
            pgid = self.process.pid  # start_new_session: the group id is the leader's pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=timeout)
        # The leader may be gone while children (run workers, gunicorn workers) linger.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self._log_handle.close()


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str], log: Path, cwd: Path | None = None) -> Iterator[Server]:
    server = Server(command, env, log, cwd)
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def browser(
    chromium: str, user_data: Path, shots: Path | None = None, viewport: tuple[int, int] = (1600, 1000)
):
    """A Playwright page in a fresh Chromium profile; the browser is closed on exit.

    If the test fails inside, the page as it was is saved as `failure.png` in `shots`.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(user_data),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": viewport[0], "height": viewport[1]},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(60_000)
            try:
                yield page
            except BaseException:
                if shots is not None:
                    with contextlib.suppress(Exception):
                        page.screenshot(path=str(shots / "failure.png"), full_page=True)
                raise
        finally:
            context.close()


def graphql(base_url: str, query: str, variables: dict | None = None) -> dict:
    """Dagster's GraphQL API (what the UI itself calls)."""
    request = urllib.request.Request(
        f"{base_url}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.load(response)
    if payload.get("errors"):
        raise AssertionError(f"GraphQL errors: {payload['errors']}")
    return payload["data"]

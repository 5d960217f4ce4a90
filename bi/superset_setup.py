"""`newswire bi`: Apache Superset over the serving copy, in its own virtualenv.

Superset needs SQLAlchemy 1.4 and pins of its own that Dagster's environment cannot share, so it
gets a separate virtualenv (`$NEWSWIRE_SUPERSET_VENV`, default `.superset-venv/`) built from
`bi/requirements.lock` (every package pinned with its hash). Its state (SQLite metadata database,
secret key, admin password) lives in `$NEWSWIRE_SUPERSET_HOME` (default `.superset_home/`). Both
are git-ignored and rebuilt when missing; every step below is idempotent:

1. virtualenv: created and installed with `--require-hashes` unless it already matches the lock;
2. Superset: `superset db upgrade`, the local admin, `superset init` (once per lock);
3. `bi/provision.py` (inside the Superset venv): the serving copy as a read-only DuckDB database,
   the datasets, the charts and the dashboard, through Superset's REST API, updated in place;
4. serve: gunicorn on 127.0.0.1.

This module runs in the project's environment and uses the standard library only.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BI_DIR = PROJECT_ROOT / "bi"
LOCK_FILE = BI_DIR / "requirements.lock"
CONFIG_FILE = BI_DIR / "superset_config.py"
PROVISION_SCRIPT = BI_DIR / "provision.py"
UV = PROJECT_ROOT / ".tools" / "bin" / "uv"

HOME_ENV = "NEWSWIRE_SUPERSET_HOME"
VENV_ENV = "NEWSWIRE_SUPERSET_VENV"
PASSWORD_ENV = "NEWSWIRE_SUPERSET_ADMIN_PASSWORD"
ADMIN_USER = "admin"
PYTHON_VERSION = (3, 11)  # the lock is compiled for it
DASHBOARD_PATH = "/superset/dashboard/newswire/"


class SetupError(RuntimeError):
    """A setup step failed; the message says which and where its log is."""


def superset_home() -> Path:
    return Path(os.environ.get(HOME_ENV) or PROJECT_ROOT / ".superset_home").resolve()


def superset_venv() -> Path:
    return Path(os.environ.get(VENV_ENV) or PROJECT_ROOT / ".superset-venv").resolve()


def lock_digest() -> str:
    return hashlib.sha256(LOCK_FILE.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Superset:
    """Where one Superset installation and its state live."""

    venv: Path
    home: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name

    @property
    def password_file(self) -> Path:
        return self.home / "admin_password"

    @property
    def log_file(self) -> Path:
        return self.home / "setup.log"

    def password(self) -> str:
        return self.password_file.read_text(encoding="utf-8").strip()

    def environment(self) -> dict[str, str]:
        """The environment Superset's commands run with: our config, our home, no project venv."""
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
        env.update(
            {
                "SUPERSET_CONFIG_PATH": str(CONFIG_FILE),
                HOME_ENV: str(self.home),
                "SUPERSET_HOME": str(self.home),
                "FLASK_APP": "superset",
                "PATH": f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
            }
        )
        return env


@contextlib.contextmanager
def _flock(path: Path) -> Iterator[None]:
    """One setup at a time per venv or home (two `newswire bi` started together wait in turn)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _base_python() -> str:
    """A Python 3.11 to build the venv with: this interpreter's base, else python3.11 on PATH."""
    if sys.version_info[:2] == PYTHON_VERSION:
        return getattr(sys, "_base_executable", None) or sys.executable
    found = shutil.which(f"python{PYTHON_VERSION[0]}.{PYTHON_VERSION[1]}")
    if not found:
        raise SetupError("Superset's lock is compiled for Python 3.11: install python3.11")
    return found


def _run(
    command: list[str],
    log: Path,
    env: dict[str, str] | None = None,
    timeout: float = 1800,
    stdin: str | None = None,
) -> str:
    """Run a step, appending its output to the setup log; raise with the log's tail on failure."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        result = subprocess.run(
            command,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=out,
            text=True,
            env=env,
            timeout=timeout,
            check=False,
        )
        out.write(result.stdout)
    if result.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise SetupError(f"{' '.join(command[:3])} ... failed ({result.returncode}); see {log}:\n{tail}")
    return result.stdout


def ensure_venv(superset: Superset, say: Callable[[str], None] = print) -> bool:
    """Build the Superset venv from the lock unless it already matches it. True if it was built."""
    venv = superset.venv
    stamp = venv / ".newswire-lock.sha256"
    wanted = f"{lock_digest()} python{PYTHON_VERSION[0]}.{PYTHON_VERSION[1]}"
    with _flock(venv.with_name(venv.name + ".lock")):
        if stamp.exists() and stamp.read_text().strip() == wanted and superset.bin("gunicorn").exists():
            return False
        started = time.perf_counter()
        say(f"Superset: building {venv} from {LOCK_FILE.relative_to(PROJECT_ROOT)} ...")
        shutil.rmtree(venv, ignore_errors=True)
        log = superset.log_file
        _run([_base_python(), "-m", "venv", str(venv)], log)
        if UV.exists():  # the project's uv (`make setup`): same hashes, much faster than pip
            install = [str(UV), "pip", "sync", "--python", str(superset.python), "--require-hashes"]
            _run([*install, str(LOCK_FILE)], log, env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"})
        else:
            pip = [str(superset.python), "-m", "pip", "install", "--disable-pip-version-check"]
            _run([*pip, "--require-hashes", "--no-deps", "-r", str(LOCK_FILE)], log)
        stamp.write_text(wanted + "\n")
        say(f"Superset: venv ready in {time.perf_counter() - started:.0f}s")
        return True


def _write_secret(path: Path, value: str) -> None:
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)


def ensure_home(superset: Superset) -> None:
    """The state folder with a secret key and an admin password, generated once."""
    superset.home.mkdir(parents=True, exist_ok=True)
    secret = superset.home / "secret_key"
    if not secret.exists():
        _write_secret(secret, secrets.token_urlsafe(48))
    if not superset.password_file.exists():
        _write_secret(superset.password_file, os.environ.get(PASSWORD_ENV) or secrets.token_urlsafe(12))


def ensure_initialised(superset: Superset, say: Callable[[str], None] = print) -> bool:
    """Metadata database, admin user, roles and permissions; once per lock. True if it ran."""
    stamp = superset.home / ".initialised"
    wanted = lock_digest()
    if stamp.exists() and stamp.read_text().strip() == wanted and (superset.home / "superset.db").exists():
        return False
    started = time.perf_counter()
    say(f"Superset: initialising {superset.home} (db upgrade, admin user, init) ...")
    env, log, cli = superset.environment(), superset.log_file, str(superset.bin("superset"))
    _run([cli, "db", "upgrade"], log, env)
    # The password goes to FAB's prompt (typed twice), not onto a command line other users can see.
    typed = f"{superset.password()}\n" * 2
    user = ["--username", ADMIN_USER]
    names = ["--firstname", "Newswire", "--lastname", "Admin", "--email", "admin@localhost"]
    created = _run([cli, "fab", "create-admin", *user, *names], log, env, stdin=typed)
    if "already exists" in created:  # keep the password in step with admin_password
        _run([cli, "fab", "reset-password", *user], log, env, stdin=typed)
    elif "created" not in created:
        raise SetupError(f"could not create the Superset admin user; see {log}")
    _run([cli, "init"], log, env)
    stamp.write_text(wanted + "\n")
    say(f"Superset: initialised in {time.perf_counter() - started:.0f}s")
    return True


def provision(superset: Superset, serving: Path) -> dict:
    """Database, datasets, charts and dashboard (bi/provision.py in the Superset venv)."""
    output = _run(
        [
            str(superset.python),
            str(PROVISION_SCRIPT),
            "--serving",
            str(serving),
            "--username",
            ADMIN_USER,
            "--password-file",
            str(superset.password_file),
        ],
        superset.log_file,
        superset.environment(),
        timeout=600,
    )
    return json.loads(output.strip().splitlines()[-1])


def setup(serving: Path, superset: Superset | None = None, say: Callable[[str], None] = print) -> dict:
    """Everything up to serving; safe to run again. Returns provision's summary."""
    serving = serving.resolve()
    if not serving.exists():
        raise SetupError(f"serving copy {serving} does not exist: run `newswire run` first")
    superset = superset or Superset(superset_venv(), superset_home())
    ensure_venv(superset, say)
    with _flock(superset.home / ".setup.lock"):
        ensure_home(superset)
        ensure_initialised(superset, say)
        started = time.perf_counter()
        summary = provision(superset, serving)
    say(
        f"Superset: database, {len(summary['datasets'])} datasets, {len(summary['charts'])} charts and "
        f"the dashboard registered in {time.perf_counter() - started:.0f}s "
        f"(rows: {', '.join(f'{k} {v}' for k, v in summary['rows'].items())})"
    )
    return summary


def serve_command(superset: Superset, port: int, host: str = "127.0.0.1") -> list[str]:
    """gunicorn with one threaded worker; Ctrl-C (SIGINT) stops it within a few seconds."""
    return [
        str(superset.bin("gunicorn")),
        "--bind",
        f"{host}:{port}",
        "--workers",
        "1",
        "--worker-class",
        "gthread",
        "--threads",
        "8",
        "--timeout",
        "120",
        "--graceful-timeout",
        "3",
        "--limit-request-line",
        "0",
        "--limit-request-field_size",
        "0",
        "--no-control-socket",  # else gunicorn 27 binds ~/.gunicorn/gunicorn.ctl, shared by every instance
        "superset.app:create_app()",
    ]

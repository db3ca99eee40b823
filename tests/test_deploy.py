"""The systemd units in deploy/ run what this repository has (gunicorn on careers.wsgi with
gunicorn.conf.py; our task worker), restart it when it stops, and put gunicorn's socket where nginx
(deploy/nginx.conf) looks for it."""

import configparser
import importlib.util
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

from careers import outbox

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
INSTALL_ROOT = "/srv/careers"  # where the units (and nginx.conf's static files) expect the checkout
VENV_BIN = f"{INSTALL_ROOT}/.venv/bin/"
UNITS = ("careers-web.service", "careers-worker.service")


def read_unit(name: str) -> configparser.ConfigParser:
    # systemd's syntax, as far as these units use it: case-sensitive keys, no interpolation, comments
    # on lines of their own (a "#" later in a line is part of the value).
    unit = configparser.ConfigParser(interpolation=None, delimiters=("=",), comment_prefixes=("#", ";"))
    unit.optionxform = str
    unit.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return unit


def exec_start(name: str) -> list[str]:
    return shlex.split(read_unit(name)["Service"]["ExecStart"])


@pytest.mark.parametrize("name", UNITS)
def test_each_unit_runs_from_the_checkout_with_the_settings_file_and_is_restarted(name):
    service = read_unit(name)["Service"]
    assert service["WorkingDirectory"] == INSTALL_ROOT
    assert service["EnvironmentFile"] == "/etc/careers/env"
    assert service["User"] == "careers"
    assert service["Restart"] in {"always", "on-failure"}
    assert float(service["RestartSec"]) > 0
    assert not [key for key, value in service.items() if "#" in value], "systemd reads no trailing comments"


def test_the_web_unit_runs_gunicorn_on_careers_wsgi_with_the_repository_config():
    program, app, *options = exec_start("careers-web.service")
    assert program == VENV_BIN + "gunicorn"
    assert (Path(sys.executable).parent / "gunicorn").exists()  # installed (requirements.txt)
    assert app == "careers.wsgi" and importlib.util.find_spec(app) is not None
    config = options[options.index("--config") + 1]
    assert config == f"{INSTALL_ROOT}/gunicorn.conf.py" and (ROOT / "gunicorn.conf.py").is_file()


def test_the_worker_unit_runs_our_task_worker():
    program, script, command, *options = exec_start("careers-worker.service")
    assert program == VENV_BIN + "python"
    assert script == "manage.py" and (ROOT / script).is_file()
    assert get_commands()[command] == "careers"  # careers/worker.py's, not django-tasks-db's own
    assert options == ["--no-reload"]


def test_stopping_the_worker_lets_an_email_hand_off_finish():
    # SIGTERM to the worker alone (the hand-off process, careers.outbox, would ignore it anyway), and
    # no SIGKILL to the unit's processes before the longest hand-off has stopped itself.
    service = read_unit("careers-worker.service")["Service"]
    assert service["KillSignal"] == "SIGTERM" and service["KillMode"] == "mixed"
    assert float(service["TimeoutStopSec"]) > outbox.HANDOFF_DEADLINE.total_seconds()


def test_gunicorn_listens_where_nginx_connects_and_static_files_are_where_nginx_serves_them():
    service = read_unit("careers-web.service")["Service"]
    socket = service["Environment"].removeprefix("GUNICORN_BIND=unix:")
    assert socket == f"/run/{service['RuntimeDirectory']}/gunicorn.sock"
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert f"server unix:{socket} " in nginx
    assert f"alias {INSTALL_ROOT}/staticfiles/;" in nginx


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_finds_nothing_wrong_with_the_units_run_from_this_checkout(tmp_path):
    """``systemd-analyze verify`` on copies pointing at this checkout and the virtualenv running the
    tests: every key known, every command there and executable."""
    for name in UNITS:
        text = (DEPLOY / name).read_text(encoding="utf-8")
        text = text.replace(VENV_BIN, f"{Path(sys.executable).parent}/").replace(INSTALL_ROOT, str(ROOT))
        (tmp_path / name).write_text(text, encoding="utf-8")
    verified = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / name) for name in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (verified.returncode, verified.stdout + verified.stderr) == (0, "")

"""Every command the README gives a reader is run here in a subprocess, as a reader would type it.

The commands are read out of README.md (code blocks and inline code), so a command added to the README
without a check here fails ``test_every_readme_command_is_checked``. Each runs from the project folder
through ``make`` or ``.venv/bin/python`` with a clean environment (no ``DJANGO_*`` variables, no
``DATABASE_URL`` from the test run) on a throwaway SQLite database, which is what a fresh clone uses.
Long-running commands (the server, the whole test suite, the 250,000-row data load and the fixture
build) are checked without running them to completion: ``make -n`` shows what they would run, and
``--help`` proves the management command exists.
"""

import json
import os
import pty
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text(encoding="utf-8")
PASSWORD = "Lantern-quarry-47"

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def readme_commands() -> set[str]:
    """Shell commands in the README: lines of ``sh`` blocks, and inline ``make …`` / ``.venv/bin/…``."""
    commands = set()
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        continued = False  # the lines of one "export A=... \\" statement set variables, run nothing
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line and not continued and not line.startswith("export "):
                commands.add(line)
            continued = line.endswith("\\")
    for span in re.findall(r"`([^`\n]+)`", README):
        if span.startswith(("make ", ".venv/bin/")) and "…" not in span:
            commands.add(span)
    return commands


# How each README command is checked: "run" (run it, feeding ``stdin``, expect ``out`` in its output),
# "dry" (make -n: the recipe it would run), "help" (the management command exists; running it fully
# takes minutes), or "production" (needs production services: the management command must exist, and
# ``check --deploy`` covers the settings).
CHECKS = {
    "make serve": ("dry", "manage.py runserver 127.0.0.1:8000"),
    "make serve HOST=0.0.0.0 PORT=8080": ("dry", "manage.py runserver 0.0.0.0:8080"),
    "make test": ("dry", "-m pytest -n 2 --dist worksteal"),
    "make test-fast": ("dry", '-m pytest -m "not federal"'),
    "make worker": ("dry", "manage.py db_worker"),
    "make manage": ("run", "Type 'manage.py help <subcommand>' for help"),
    'make manage ARGS="check"': ("run", "System check identified no issues"),
    'make manage ARGS="createsuperuser"': ("run", "Superuser created successfully."),
    'make manage ARGS="load_workforce_data"': ("help", "load_workforce_data"),
    'make manage ARGS="build_workforce_fixtures --source ../shared/data"': ("help", "--source"),
    'make manage ARGS="create_editor editor@example.org"': ("run", "Created editor editor@example.org."),
    'make manage ARGS="changepassword editor@example.org"': ("run", "Password changed successfully"),
    'make manage ARGS="load_tracks"': ("help", "--check"),
    'make manage ARGS="notify_followers"': ("run", "Follow digest queued for 0 members."),
    'make manage ARGS="build_snapshots"': ("help", "--kind"),
    ".venv/bin/python manage.py migrate --noinput": ("production", None),
    ".venv/bin/python manage.py createcachetable": ("production", None),
    ".venv/bin/python manage.py load_workforce_data": ("production", None),
    ".venv/bin/python manage.py load_tracks": ("production", None),
    ".venv/bin/python manage.py notify_followers": ("production", None),
    ".venv/bin/python manage.py collectstatic --noinput": ("production", None),
    ".venv/bin/python manage.py check --deploy": ("production", "System check identified no issues"),
    ".venv/bin/gunicorn careers.wsgi": ("production", None),
    ".venv/bin/python manage.py db_worker": ("production", None),
}

# What the reader types at each prompt (in a terminal: createsuperuser refuses to run without one).
PROMPTS = {
    'make manage ARGS="createsuperuser"': [
        ("Email address: ", "admin@example.org"),
        ("Password: ", PASSWORD),
        ("Password (again): ", PASSWORD),
    ],
    'make manage ARGS="create_editor editor@example.org"': [
        ("Password: ", PASSWORD),
        ("Password (again): ", PASSWORD),
    ],
    'make manage ARGS="changepassword editor@example.org"': [
        ("Password: ", f"{PASSWORD}-2"),
        ("Password (again): ", f"{PASSWORD}-2"),
    ],
}
# Commands that need an earlier one to have run (the order a reader follows).
ORDER = [
    "make manage",
    'make manage ARGS="check"',
    'make manage ARGS="createsuperuser"',
    'make manage ARGS="create_editor editor@example.org"',
    'make manage ARGS="changepassword editor@example.org"',
    'make manage ARGS="notify_followers"',
]


def environment_of_a_reader(database: Path) -> dict:
    """A shell as a reader has it: none of the test run's Django, database or test-run variables (CI's
    PostgreSQL pass sets TEST_WORKERS; pytest-xdist's workers set PYTEST_XDIST_*)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "PYTEST_", "TEST_WORKERS"))
    }
    env["DATABASE_URL"] = f"sqlite:///{database}"  # what a fresh clone gets, kept out of ROOT
    return env


@pytest.fixture
def reader_env(tmp_path):
    """A reader's shell with a database of its own (empty: nothing migrated yet)."""
    return environment_of_a_reader(tmp_path / "db.sqlite3")


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    """The reader's first step, ``make manage ARGS='migrate --noinput'``, run once for the module (seconds
    of CPU each time); tests that need the tables start from a copy of what it made."""
    database = tmp_path_factory.mktemp("readme") / "db.sqlite3"
    migrated = run("make -s manage ARGS='migrate --noinput'", environment_of_a_reader(database))
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    return database


@pytest.fixture
def migrated_env(reader_env, migrated_database, tmp_path):
    """A reader's shell whose database has just been migrated (a copy of the module's)."""
    shutil.copyfile(migrated_database, tmp_path / "db.sqlite3")
    return reader_env


# Asks Django for each command's --help in one process (a process per command cost a Django startup
# each); prints one JSON line per command: its exit status and what it printed.
HELP_SCRIPT = """
import contextlib, io, json
from django.core.management import ManagementUtility
for name in {names!r}:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            ManagementUtility(["manage.py", name, "--help"]).execute()
            status = 0
        except SystemExit as stopped:
            status = stopped.code or 0
    print("HELP " + json.dumps([name, status, out.getvalue()]))
"""


def command_help(names, env: dict, tmp_path: Path) -> dict[str, tuple[int, str]]:
    """``manage.py <name> --help`` for each name, through ``make manage`` as the reader runs commands."""
    script = tmp_path / "help.py"
    script.write_text(HELP_SCRIPT.format(names=sorted(names)), encoding="utf-8")
    result = run(f'make -s manage ARGS="shell -c \\"exec(open(\'{script}\').read())\\""', env)
    assert result.returncode == 0, result.stdout + result.stderr
    found = {}
    for line in result.stdout.splitlines():
        if line.startswith("HELP "):
            name, status, text = json.loads(line[5:])
            found[name] = (status, text)
    assert set(found) == set(names), result.stdout + result.stderr
    return found


def run(command: str, env: dict, stdin: str = "", timeout: int = 120) -> subprocess.CompletedProcess:
    # A new session has no terminal, so getpass reads the passwords from stdin like a piped shell does.
    return subprocess.run(
        command,
        shell=True,
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        start_new_session=True,
    )


def run_in_terminal(command: str, env: dict, prompts, timeout: float = 60) -> tuple[int, str]:
    """Run ``command`` on a pseudo-terminal, typing each answer when its prompt appears."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        command,
        shell=True,
        cwd=ROOT,
        env=env,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        start_new_session=True,
    )
    os.close(secondary)
    output, pending, deadline = "", list(prompts), time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(main, 4096).decode(errors="replace")
                except OSError:  # the terminal closed: the command ended
                    break
                if not chunk:
                    break
                output += chunk
                while pending and output.rstrip().endswith(pending[0][0].rstrip()):
                    os.write(main, (pending.pop(0)[1] + "\n").encode())
                    output += "\n"
            elif process.poll() is not None:
                break
        return process.wait(timeout=max(1.0, deadline - time.monotonic())), output
    finally:
        os.close(main)
        if process.poll() is None:
            process.kill()


def test_every_readme_command_is_checked():
    found = readme_commands()
    assert found - set(CHECKS) == set(), "README commands without a check in this file"
    assert set(CHECKS) - found == set(), "checks for commands the README no longer gives"


def test_the_readme_commands_work_as_written(migrated_env, tmp_path):
    reader_env = migrated_env  # make manage ARGS='migrate --noinput' has run (the module's fixture)
    for command in ORDER:
        if command in PROMPTS:
            returncode, output = run_in_terminal(command, reader_env, PROMPTS[command])
        else:
            result = run(command, reader_env)
            returncode, output = result.returncode, result.stdout + result.stderr
        assert returncode == 0, f"{command}\n{output}"
        assert CHECKS[command][1] in output, f"{command}\n{output}"

    helped = {}  # command -> (management command, what its --help must print)
    for command, (how, expected) in CHECKS.items():
        if how == "dry":
            result = run(command.replace("make ", "make -n ", 1), reader_env)
            assert result.returncode == 0, result.stderr
            assert expected in result.stdout, f"{command}\n{result.stdout}"
        elif how == "help":
            helped[command] = (re.search(r'ARGS="([^" ]+)', command).group(1), expected)
        elif how == "production" and " manage.py " in command:
            # Needs production services to run; the management command must at least exist.
            name = command.split(" manage.py ")[1].split()[0]
            helped[command] = (name, f"manage.py {name}")
    helps = command_help({name for name, _ in helped.values()}, reader_env, tmp_path)
    for command, (name, expected) in helped.items():
        status, text = helps[name]
        assert status == 0, f"{command}\n{text}"
        assert expected in text, f"{command}\n{text}"


def test_the_editor_is_an_editor_with_the_password_set_last(migrated_env):
    """What the commands above did, read back through the project's own settings in a subprocess."""
    reader_env = migrated_env
    for command in ORDER[3:5]:  # create_editor, then changepassword
        assert run_in_terminal(command, reader_env, PROMPTS[command])[0] == 0
    script = (
        "from careers.models import User; u = User.objects.get(email='editor@example.org'); "
        f"print(u.is_staff, list(u.groups.values_list('name', flat=True)), u.check_password('{PASSWORD}-2'))"
    )
    result = run(f'make -s manage ARGS="shell -c \\"{script}\\""', reader_env)
    assert result.stdout.strip().splitlines()[-1] == "True ['Editors'] True", result.stdout + result.stderr


def test_create_editor_without_input_says_how_to_set_the_password(migrated_env):
    reader_env = migrated_env
    result = run('make -s manage ARGS="create_editor late@example.org --no-input"', reader_env)
    assert result.returncode == 0, result.stderr
    hint = re.search(r"Set a password with: (.+)", result.stdout).group(1).strip()
    assert hint == 'make manage ARGS="changepassword late@example.org"'
    returncode, output = run_in_terminal(
        hint, reader_env, PROMPTS['make manage ARGS="changepassword editor@example.org"']
    )
    assert returncode == 0 and "Password changed successfully" in output, output


def test_venv_python_reads_dot_env_and_refuses_to_start_without_it(reader_env, tmp_path):
    """``.venv/bin/python manage.py …`` with a copy of .env.example (DJANGO_DEBUG=1) works; without it
    the settings refuse to start (no secret key) and say why."""
    without = run(".venv/bin/python manage.py check", {**reader_env, "DJANGO_ENV_FILE": ""})
    assert without.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in without.stderr

    env_file = tmp_path / ".env"
    shutil.copy(ROOT / ".env.example", env_file)
    with_env = run(".venv/bin/python manage.py check", {**reader_env, "DJANGO_ENV_FILE": str(env_file)})
    assert with_env.returncode == 0, with_env.stderr
    assert "System check identified no issues" in with_env.stdout

    # The shell wins over the file.
    shell_wins = run(
        ".venv/bin/python manage.py check",
        {**reader_env, "DJANGO_ENV_FILE": str(env_file), "DJANGO_DEBUG": "0"},
    )
    assert "DJANGO_SECRET_KEY is required" in shell_wins.stderr


def test_check_deploy_passes_under_production_settings(reader_env):
    env = {
        **reader_env,
        "DJANGO_ENV_FILE": "",
        "DJANGO_SECRET_KEY": "readme-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "careers.example.org",
        "EMAIL_HOST": "smtp.example.org",
    }
    result = run(".venv/bin/python manage.py check --deploy --fail-level WARNING", env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert CHECKS[".venv/bin/python manage.py check --deploy"][1] in result.stdout

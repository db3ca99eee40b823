"""What git tracks holds nothing of one developer's machine: no symlinks (a tracked ``.venv`` link once
broke every fresh clone) and no absolute paths of a machine's home or work folders."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# An absolute path into a machine's own folders, where it starts a path (not "pages/home/..." etc.).
WORK, ROOT_DIR, HOME, USERS = "wo" + "rk", "ro" + "ot", "ho" + "me", "Us" + "ers"
MACHINE_PATH = re.compile(r"""(?:^|[\s"'(=:`])/(?:work|root|home/[^/\s]+|Users/[^/\s]+)/""")


def tracked_files() -> list[tuple[str, str]]:
    """(mode, path) of every file git tracks."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-s", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    entries = []
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        entries.append((meta.split()[0], path))
    return entries


def test_no_tracked_file_is_a_symlink():
    links = [path for mode, path in tracked_files() if mode == "120000"]
    assert links == []


def test_no_tracked_file_names_a_path_of_a_developers_machine():
    found = []
    for mode, path in tracked_files():
        file = ROOT / path
        if mode == "120000" or not file.is_file():
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary
        found += [f"{path}:{n}" for n, line in enumerate(text.splitlines(), 1) if MACHINE_PATH.search(line)]
    assert found == []


# Built from parts, so this file does not name such a path itself.
@pytest.mark.parametrize(
    "line",
    [
        f'python = "/{WORK}/main/.venv/bin/python"',
        f"see /{ROOT_DIR}/notes.txt",
        f"cd /{HOME}/alice/x",
        f"`/{USERS}/bob/x`",
    ],
)
def test_the_machine_path_pattern_catches_paths_of_a_machine(line):
    assert MACHINE_PATH.search(line)


@pytest.mark.parametrize("line", ['{% include "pages/home/x.html" %}', "GET /metros/12060/", "/ping"])
def test_the_machine_path_pattern_leaves_site_paths_alone(line):
    assert not MACHINE_PATH.search(line)

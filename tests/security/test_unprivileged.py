"""The hostile cases again, graded by an ordinary user (CI runs as root: the test switches to an
unprivileged uid, with no capabilities at all).

An ordinary user must be able to run Python, so the test first gives itself a private mount
namespace in which every folder on the way to the interpreter, the virtual environment and this
checkout can be passed through (a folder the user may not enter, such as a 0700 /root, is
replaced there by a tmpfs holding binds of just the paths needed). Nothing changes outside it.
"""

from __future__ import annotations

import ctypes
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

import numpy
import pytest
from cases import ESCAPES

import tutor

USER = 61234
HERE = Path(__file__).resolve().parent
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
CLONE_NEWNS = 0x00020000

_libc = ctypes.CDLL(None, use_errno=True)


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    if _libc.mount(source.encode() if source else None, target.encode(), fstype.encode() if fstype else None,
                   ctypes.c_ulong(flags), data.encode() if data else None) != 0:
        raise OSError(ctypes.get_errno(), f"mount {target}")


def _passable(folder: Path) -> bool:
    mode = folder.stat().st_mode
    return bool(mode & stat.S_IXOTH)


def _open_the_way(paths: list[Path]) -> None:
    """In this (private) mount namespace, make every ancestor of ``paths`` enterable by anyone."""
    stash = Path(tempfile.mkdtemp(prefix="lt-stash-"))
    for number, path in enumerate(paths):
        parts = path.parts
        for depth in range(1, len(parts)):
            folder = Path(*parts[:depth])
            if _passable(folder):
                continue
            child = parts[depth]
            keep = stash / f"{number}-{depth}"
            keep.mkdir()
            _mount(str(folder), str(keep), None, MS_BIND | MS_REC)
            _mount("tmpfs", str(folder), "tmpfs", 0, "mode=0755")
            target = folder / child
            if (keep / child).is_dir():
                target.mkdir()
            else:
                target.touch()
            _mount(str(keep / child), str(target), None, MS_BIND | MS_REC)


def _run_as_user(script: Path) -> dict:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_fd)
            if _libc.unshare(CLONE_NEWNS) != 0:
                os._exit(3)
            _mount(None, "/", None, MS_REC | MS_PRIVATE)
            needed = [Path(sys.executable).resolve(), Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(),
                      Path(numpy.__file__).resolve().parent, Path(tutor.__file__).resolve().parent, HERE]
            _open_the_way(needed)
            os.setgroups([])
            os.setresgid(USER, USER, USER)
            os.setresuid(USER, USER, USER)
            os.dup2(write_fd, 1)
            home = tempfile.mkdtemp(prefix="lt-home-")
            env = {"HOME": home, "PATH": "/usr/bin:/bin", "TMPDIR": "/tmp", "PYTHONDONTWRITEBYTECODE": "1",
                   "OPENBLAS_NUM_THREADS": "1"}
            os.execve(sys.executable, [sys.executable, str(script)], env)
        finally:
            os._exit(4)
    os.close(write_fd)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"the ordinary user's run ended with {status}"
    return json.loads(b"".join(chunks).decode().strip().splitlines()[-1])


@pytest.fixture(scope="module")
def report() -> dict:
    if os.getuid() != 0:
        pytest.skip("already an ordinary user: test_escapes.py is this test")
    return _run_as_user(HERE / "as_user.py")


def test_the_run_is_an_ordinary_users(report):
    assert report["uid"] == USER
    assert report["honest"] is True  # the user's own grading works, fully isolated
    levels = {name: case["isolation"] for name, case in report["cases"].items()}
    assert all(level == {"level": "full", "missing": []} for level in levels.values()), levels


@pytest.mark.parametrize("name", list(ESCAPES))
def test_the_escape_fails_for_an_ordinary_user(report, name):
    case = report["cases"][name]
    assert case == {**case, "passed": False, "leaked": False, "changed": []}


def test_an_ordinary_users_grader_survives_and_no_process_is_left(report):
    assert report["killer"] is True  # the answer was right; the grader lived to say so
    assert set(report["fork"]) == {"exception"}
    assert report["leftover processes"] == []

"""What the hostile suite needs: a pack with secrets worth stealing, a grader to aim at, and
ways to see what a learner process left behind."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from packkit import MINI_FILES, MINI_MANIFEST, write_pack

from tutor.core import standby, zygote
from tutor.core.grading import grade_source
from tutor.core.manifest import load_pack
from tutor.core.results import ExerciseResult

MARKER = "hidden-check-marker-8c1f2e"
"""Planted in the hidden check module and the solution: learner code must never see it."""
SECRET = "grader-secret-5d9a7b"
"""Planted in files, the environment and sockets the learner must not reach."""
CORRECT = "import numpy as np\n\ndef double(A):\n    return 2 * np.asarray(A, dtype=float)\n"
WRONG = "def double(A):\n    return A\n"


def write_secure_pack(root: Path) -> Path:
    """The mini pack, its hidden checks and solution holding `MARKER`."""
    files = dict(MINI_FILES)
    files["checks/double.py"] = files["checks/double.py"].replace(
        "from tutor.checks import check\n", f"from tutor.checks import check\n        SECRET_MARKER = {MARKER!r}\n", 1)
    files["solutions/double.py"] = f"# {MARKER}\n" + files["solutions/double.py"]
    return write_pack(root, MINI_MANIFEST, files)


def grade(pack: Path, source: str, where: Path) -> ExerciseResult:
    exercise = load_pack(pack).exercise("double")
    where.mkdir(parents=True, exist_ok=True)
    path = where / "double.py"
    path.write_text(source)
    return grade_source(exercise, source, path)


def everything_said(result: ExerciseResult) -> str:
    """Every text of a result that anyone is shown."""
    import json

    return json.dumps(result.to_json()) + result.output


def _parents() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def descendants(pid: int) -> list[int]:
    parents = _parents()
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent]
        found += children
        frontier += children
    return found


def learner_processes() -> list[int]:
    """Processes started for learner code that are still alive (keepers and learners)."""
    shared = zygote._shared
    if shared is None or shared.pid is None:
        return []
    return descendants(shared.pid)


def wait_until_gone(timeout: float = 5.0) -> list[int]:
    """Wait for every learner process to end; return those still alive after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        left = learner_processes()
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.02)


def run_folders() -> set[str]:
    """This zygote's run folders on disk (none once every learner process has ended)."""
    shared = zygote._shared
    if shared is None or shared._ready is None:
        return set()
    try:
        return {str(p) for p in Path(shared._ready["runs"]).iterdir() if p.name != ".jail"}
    except FileNotFoundError:
        return set()


def fresh_zygote() -> None:
    """Start learner processes from a new zygote (after changing the environment it reads),
    once those of the old one have finished."""
    standby.set_prefetch(False)
    standby.drop_standby()
    assert wait_until_gone() == [], "learner processes outlived their run"
    if zygote._shared is not None:
        zygote._shared.close()
    zygote._shared = None


def serve_secret(server: socket.socket) -> None:
    """Accept connections on ``server`` and hand each the secret (until the server closes)."""
    while True:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            try:
                conn.sendall(SECRET.encode())
            except OSError:
                pass

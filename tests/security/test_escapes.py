"""Every escape fails, and leaves nothing behind: with full isolation, and with either file layer
alone (the jail without Landlock, Landlock without the jail), so each holds on its own."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from cases import ESCAPES, make_targets
from kit import CORRECT, MARKER, SECRET, everything_said, fresh_zygote, grade

from tutor.core import isolation

ONE_FILE_LAYER = {"jail only": "landlock", "landlock only": "mount"}


def _attempt(name: str, pack: Path, tmp_path: Path, listeners: tuple[int, Path]):
    case = ESCAPES[name]
    port, sock = listeners
    targets = make_targets(tmp_path / "targets", pack, port, sock)
    result = grade(pack, targets.fill(case.source), tmp_path / "student")
    said = everything_said(result)
    assert not result.passed, [(c.verdict, c.message) for c in result.checks]
    assert SECRET not in said and MARKER not in said
    assert case.verify(targets) == []
    # The checks still judge honestly afterwards: nothing the escape did sticks.
    honest = grade(pack, CORRECT, tmp_path / "honest")
    assert honest.passed, [(c.verdict, c.message) for c in honest.checks]
    return result


@pytest.mark.parametrize("name", list(ESCAPES))
def test_the_escape_fails(name, secure_pack, tmp_path, listeners):
    result = _attempt(name, secure_pack, tmp_path, listeners)
    assert result.isolation is not None and result.isolation.full, result.isolation


def _one_layer(mode: str):
    cases = [pytest.param(name, id=f"{name} ({mode})") for name, case in ESCAPES.items() if case.kind == "files"]
    return pytest.mark.parametrize("name", cases), pytest.mark.isolation_off(ONE_FILE_LAYER[mode])


def _with(marks):
    def apply(func):
        for mark in marks:
            func = mark(func)
        return func
    return apply


@_with(_one_layer("jail only"))
def test_the_jail_alone_stops_file_escapes(name, secure_pack, tmp_path, listeners):
    result = _attempt(name, secure_pack, tmp_path, listeners)
    assert result.isolation is not None and result.isolation.full  # Landlock is a second wall, not required


@_with(_one_layer("landlock only"))
def test_landlock_alone_stops_file_escapes(name, secure_pack, tmp_path, listeners):
    result = _attempt(name, secure_pack, tmp_path, listeners)
    assert result.isolation is not None and not result.isolation.full  # without the jail: partial, and said


def test_the_grader_environment_never_reaches_learner_code(secure_pack, tmp_path, listeners, monkeypatch):
    monkeypatch.setenv("LATENT_TUTOR_TEST_SECRET", SECRET)
    fresh_zygote()  # started with the secret in the grader's environment
    _attempt("read the grader's environment", secure_pack, tmp_path, listeners)


def test_killing_everything_hurts_no_one_else(secure_pack, tmp_path):
    """kill(-1), kill(1) and kill(getppid()) reach nothing outside the learner's namespace: not
    the grader, not a classmate's process running as the same user."""
    uid = isolation.UNPRIVILEGED_UID
    as_learner = {"user": uid, "group": uid} if os.getuid() == 0 else {}
    classmate = subprocess.Popen(["sleep", "60"], **as_learner)
    try:
        source = ("import os, signal\nimport numpy as np\n\ndef double(A):\n"
                  "    for target in (-1, 1, os.getppid()):\n"
                  "        try:\n            os.kill(target, signal.SIGKILL)\n        except OSError:\n"
                  "            pass\n    return 2 * np.asarray(A, dtype=float)\n")
        result = grade(secure_pack, source, tmp_path / "student")
        assert result.passed  # it computed the answer; the point is that everyone else lived
        time.sleep(0.05)
        assert classmate.poll() is None
    finally:
        classmate.send_signal(signal.SIGKILL)
        classmate.wait()


def test_a_planted_module_beside_the_app_never_runs(tmp_path, monkeypatch, mini_pack):
    """The grading service and the zygote start with ``python -I`` from /: a subprocess.py or
    numpy.py where the app was started is never imported."""
    from tutor.core.service import GradingService

    planted = tmp_path / "planted"
    planted.mkdir()
    flag = tmp_path / "ran"
    for name in ("subprocess", "numpy", "json", "socket"):
        (planted / f"{name}.py").write_text(f"open({str(flag)!r}, 'a').write({name!r})\n")
    monkeypatch.chdir(planted)
    monkeypatch.setenv("PYTHONPATH", str(planted))
    service = GradingService()
    try:
        result = service.grade(mini_pack, "double", mini_pack / "solutions" / "double.py")
        assert result.passed and result.isolation is not None and result.isolation.full
    finally:
        service.close()
    assert not flag.exists()

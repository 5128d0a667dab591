"""A machine that cannot isolate learner code is reported as such, never silently trusted: each
layer forced off (as a refused unshare, a missing Landlock or a kernel without seccomp would
leave it) shows in the result, the command line warns, and `grade` refuses unless told."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy
import pytest
from kit import CORRECT, grade, write_secure_pack

from tutor.core import isolation, probe, standby, zygote
from tutor.core.results import IsolationLevel

REPO = Path(__file__).resolve().parents[2]
LAYERS = ["mount", "pid", "net", "ipc", "seccomp", "caps", "nnp"] + (["uid"] if os.getuid() == 0 else ["user"])


def _forced(layer: str) -> pytest.MarkDecorator:
    return pytest.mark.isolation_off(layer)


@pytest.mark.parametrize("layer", [pytest.param(layer, marks=_forced(layer)) for layer in LAYERS])
def test_a_missing_layer_is_reported(layer, secure_pack, tmp_path):
    result = grade(secure_pack, CORRECT, tmp_path / "student")
    assert result.passed  # self-paced checking still runs...
    assert result.isolation is not None and not result.isolation.full  # ...and says it is weaker
    expected = {"user": "PID namespace"}.get(layer, isolation.LAYERS[layer])  # no user namespace: none at all
    assert expected in result.isolation.missing, result.isolation
    assert result.to_json()["isolation"]["level"] in ("partial", "none")


@pytest.mark.isolation_off("all")
def test_every_layer_off_is_no_isolation(secure_pack, tmp_path):
    result = grade(secure_pack, CORRECT, tmp_path / "student")
    assert result.isolation is not None and result.isolation.level is IsolationLevel.NONE
    assert "WITHOUT isolation" in (result.isolation.warning or "")


@pytest.mark.isolation_off("mount,landlock")
def test_no_file_layer_says_so(secure_pack, tmp_path):
    result = grade(secure_pack, CORRECT, tmp_path / "student")
    assert "filesystem allow-list" in result.isolation.missing


def test_off_linux_there_is_no_isolation_and_it_is_said_plainly(secure_pack, tmp_path, monkeypatch):
    plain = isolation.isolation_of({"mount", "pid"}, platform="darwin")
    assert plain.level is IsolationLevel.NONE and "no isolation on darwin" in plain.missing[0]
    # The fallback that forks learner processes from the grader itself, as off Linux.
    standby.drop_standby()
    direct = zygote.Zygote(direct=True)
    monkeypatch.setattr(zygote, "_shared", direct)
    result = grade(secure_pack, CORRECT, tmp_path / "student")
    assert result.passed and result.isolation is not None and result.isolation.level is IsolationLevel.NONE
    wrong = grade(secure_pack, "def double(A):\n    while True:\n        pass\n", tmp_path / "loop")
    assert {c.verdict for c in wrong.checks} == {"timeout"}


def test_a_pack_inside_what_learners_read_is_not_hidden():
    inside = Path(numpy.__file__).resolve().parent / "a-pack"
    assert probe.exposed([inside, Path("/nonexistent/pack")]) == [inside]


# -- the command line ----------------------------------------------------------------------

def _cli(*args: str, off: str = "", cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LATENT_TUTOR_ISOLATION_OFF"}
    if off:
        env["LATENT_TUTOR_ISOLATION_OFF"] = off
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run([sys.executable, "-m", "tutor", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120)


def test_check_warns_below_full_isolation(tmp_path):
    pack = write_secure_pack(tmp_path / "pack")
    solution = pack / "solutions" / "double.py"
    common = ("--workspace", str(tmp_path / "ws"), "--pack", str(pack), "check", "double", "--file", str(solution))
    full = _cli(*common, "--json", cwd=tmp_path)
    assert json.loads(full.stdout)["isolation"] == {"level": "full", "missing": []}
    assert "warning" not in full.stderr
    weak = _cli(*common, "--json", off="pid,net", cwd=tmp_path)
    assert weak.returncode == 0, weak.stderr
    data = json.loads(weak.stdout)
    assert data["passed"] and data["isolation"]["level"] == "partial"
    assert "PID namespace" in data["isolation"]["missing"] and "network namespace" in data["isolation"]["missing"]
    assert "warning: learner code ran with partial isolation: missing PID namespace" in weak.stderr
    text = _cli(*common, off="seccomp", cwd=tmp_path)
    assert "PASSED" in text.stdout and "warning:" in text.stderr and "seccomp filter" in text.stderr


def test_grade_refuses_weak_isolation_unless_told(tmp_path):
    pack = write_secure_pack(tmp_path / "pack")
    student = tmp_path / "subs" / "alice" / "mini"
    student.mkdir(parents=True)
    (student / "double.py").write_text(CORRECT)
    out = tmp_path / "grades.csv"
    args = ("--pack", str(pack), "grade", str(tmp_path / "subs"), "--out", str(out), "--json", str(tmp_path / "r.json"))
    refused = _cli(*args, off="pid", cwd=tmp_path)
    assert refused.returncode == 2 and "refusing to grade" in refused.stderr and "PID namespace" in refused.stderr
    assert "--allow-weak-isolation" in refused.stderr and not out.exists()
    allowed = _cli(*args, "--allow-weak-isolation", off="pid", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert "grading with weak isolation" in allowed.stderr
    results = json.loads((tmp_path / "r.json").read_text())
    exercises = results["students"][0]["exercises"]
    assert {e["isolation"]["level"] for e in exercises.values() if e} == {"partial"}
    assert _cli(*args, cwd=tmp_path).returncode == 0  # full isolation: no flag needed


def test_the_isolation_command_names_every_layer(tmp_path):
    full = _cli("isolation", "--json", cwd=tmp_path)
    assert full.returncode == 0 and json.loads(full.stdout)["level"] == "full"
    weak = _cli("isolation", off="seccomp,landlock", cwd=tmp_path)
    assert weak.returncode == 1
    assert "✗ seccomp filter (switched off by LATENT_TUTOR_ISOLATION_OFF)" in weak.stdout
    assert "PARTIAL" in weak.stdout and "--allow-weak-isolation" in weak.stdout

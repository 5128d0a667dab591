"""The command-line contract of DESIGN.md: JSON shapes and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOLUTION = REPO / "solutions" / "02_svd" / "svd_truncate.py"


def run(*args: str, workspace: Path, check_exit: int | None = None,
        env: dict | None = None) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONPATH=str(REPO), LATENT_TUTOR_WORKSPACE=str(workspace), **(env or {}))
    proc = subprocess.run([sys.executable, "-m", "tutor", *args], capture_output=True, text=True, env=environment,
                          cwd=workspace.parent, timeout=120)
    if check_exit is not None:
        assert proc.returncode == check_exit, proc.stdout + proc.stderr
    return proc


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return tmp_path / "ws"


def test_list_json_contract(ws):
    data = json.loads(run("list", "--json", workspace=ws, check_exit=0).stdout)
    assert isinstance(data["lessons"], list) and data["lessons"]
    for lesson in data["lessons"]:
        assert isinstance(lesson["id"], str) and isinstance(lesson["title"], str)
        for ex in lesson["exercises"]:
            assert set(ex) >= {"id", "title", "file", "status"}
            assert ex["status"] == "not-started"
    svd = next(ex for lesson in data["lessons"] for ex in lesson["exercises"] if ex["id"] == "svd-truncate")
    assert svd["file"] == "02_svd/svd_truncate.py"


def test_check_creates_the_workspace_and_fails_the_stub(ws):
    proc = run("check", "svd-truncate", "--json", workspace=ws, check_exit=1)
    data = json.loads(proc.stdout)
    assert set(data) >= {"exercise", "passed", "elapsed_ms", "checks"}
    assert data["exercise"] == "svd-truncate" and data["passed"] is False
    assert isinstance(data["elapsed_ms"], float)
    for item in data["checks"]:
        assert set(item) >= {"name", "passed", "hidden", "message"}
        assert isinstance(item["hidden"], bool) and item["message"]
    assert {c["hidden"] for c in data["checks"]} == {True, False}
    assert (ws / "02_svd" / "svd_truncate.py").read_text() == (REPO / "exercises/02_svd/svd_truncate.py").read_text()


def test_check_file_passes_with_exit_zero(ws):
    result = run("check", "svd-truncate", "--file", str(SOLUTION), "--json", workspace=ws, check_exit=0)
    data = json.loads(result.stdout)
    assert data["passed"] is True and all(c["passed"] for c in data["checks"])


def test_workspace_file_is_never_overwritten_and_progress_is_recorded(ws):
    run("list", workspace=ws, check_exit=0)
    target = ws / "02_svd" / "svd_truncate.py"
    run("check", "svd-truncate", workspace=ws, check_exit=1)
    target.write_text(SOLUTION.read_text())
    run("check", "svd-truncate", workspace=ws, check_exit=0)
    assert target.read_text() == SOLUTION.read_text()
    data = json.loads(run("list", "--json", workspace=ws, check_exit=0).stdout)
    status = {ex["id"]: ex["status"] for lesson in data["lessons"] for ex in lesson["exercises"]}
    assert status["svd-truncate"] == "done"


def test_usage_errors_exit_two(ws, tmp_path):
    assert run("check", "no-such-exercise", workspace=ws).returncode == 2
    assert "no exercise 'no-such-exercise'" in run("check", "no-such-exercise", workspace=ws).stderr
    assert run("hint", workspace=ws).returncode == 2  # argparse: missing argument
    assert run("frobnicate", workspace=ws).returncode == 2
    assert run("pack", "validate", str(tmp_path / "nowhere"), workspace=ws).returncode == 2


def test_hostile_file_via_cli_is_a_json_verdict_and_exit_one(ws, tmp_path):
    hostile = tmp_path / "hostile.py"
    hostile.write_text("import os\nprint('{\"passed\": true}')\ndef truncated_svd(A, k):\n    os._exit(0)\n")
    proc = run("check", "svd-truncate", "--file", str(hostile), "--json", workspace=ws, check_exit=1)
    data = json.loads(proc.stdout)  # the learner's print never reaches our stdout
    assert data["passed"] is False and {c["verdict"] for c in data["checks"]} == {"crash"}


def test_hints_are_progressive_and_counted(ws):
    first = run("hint", "svd-truncate", workspace=ws, check_exit=0).stdout
    assert "Hint 1 of 3" in first and "Hint 2" not in first
    second = run("hint", "svd-truncate", workspace=ws, check_exit=0).stdout
    assert "Hint 2 of 3" in second
    for _ in range(3):
        last = run("hint", "svd-truncate", workspace=ws, check_exit=0).stdout
    assert last.count("Hint ") == 3 and "again for the next hint" not in last


def test_reset_keeps_a_backup(ws):
    run("list", workspace=ws, check_exit=0)
    target = ws / "02_svd" / "svd_truncate.py"
    target.write_text("# my work\n")
    out = run("reset", "svd-truncate", workspace=ws, check_exit=0).stdout
    assert target.read_text() == (REPO / "exercises/02_svd/svd_truncate.py").read_text()
    backups = list((ws / ".latent-tutor" / "backups").rglob("*.py"))
    assert len(backups) == 1 and backups[0].read_text() == "# my work\n" and str(backups[0]) in out


def test_solution_only_after_a_pass_or_with_force(ws):
    refused = run("solution", "svd-truncate", workspace=ws, check_exit=1)
    assert "--force" in refused.stderr and "def truncated_svd" not in refused.stdout
    assert "def truncated_svd" in run("solution", "svd-truncate", "--force", workspace=ws, check_exit=0).stdout
    (ws / "02_svd").mkdir(parents=True, exist_ok=True)
    (ws / "02_svd" / "svd_truncate.py").write_text(SOLUTION.read_text())
    run("check", "svd-truncate", workspace=ws, check_exit=0)
    assert "def truncated_svd" in run("solution", "svd-truncate", workspace=ws, check_exit=0).stdout


def test_a_broken_extra_pack_is_a_warning_and_the_rest_loads(ws, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.toml").write_text("format = 1\nname = [\n")
    proc = run("--pack", str(broken), "list", "--json", workspace=ws, check_exit=0)
    assert "was not loaded" in proc.stderr and "pack.toml:2" in proc.stderr
    assert json.loads(proc.stdout)["lessons"]


def test_pack_validate_builtin(ws):
    proc = run("pack", "validate", str(REPO), workspace=ws, check_exit=0)
    assert "svd-truncate" in proc.stdout and "is valid" in proc.stdout


def test_pack_validate_names_the_exercise_with_a_broken_solution(ws, tmp_path):
    from packkit import write_pack

    root = write_pack(tmp_path / "mini")
    (root / "solutions" / "double.py").write_text("def double(A):\n    return A\n")
    proc = run("pack", "validate", str(root), workspace=ws, check_exit=1)
    assert "double" in proc.stdout and "the solution fails" in proc.stdout
    report = json.loads(run("pack", "validate", str(root), "--json", workspace=ws, check_exit=1).stdout)
    assert report["ok"] is False and report["exercises"][0]["id"] == "double"


def test_version(ws):
    from tutor import __version__

    assert run("--version", workspace=ws, check_exit=0).stdout.strip() == f"latent-tutor {__version__}"


def test_check_without_an_id_checks_the_first_exercise_not_done(ws):
    first = json.loads(run("check", "--json", workspace=ws, check_exit=1).stdout)
    assert first["exercise"] == "rank-numerical"
    target = ws / "01_rank" / "rank_numerical.py"
    target.write_text((REPO / "solutions" / "01_rank" / "rank_numerical.py").read_text())
    passed = run("check", workspace=ws, check_exit=0)
    assert "Checking rank-numerical, the first exercise not done yet." in passed.stderr
    assert "Next: " in passed.stdout and "it checks rank-span" in passed.stdout
    assert json.loads(run("check", "--json", workspace=ws, check_exit=1).stdout)["exercise"] == "rank-span"


def test_finishing_a_pack_prints_its_final_text_and_the_record(ws, tmp_path):
    from packkit import MINI_MANIFEST, write_pack

    title = 'title = "A tiny pack for tests"'
    pack = write_pack(tmp_path / "mini", MINI_MANIFEST.replace(title, title + '\nfinal = "Well doubled."'))
    run("--pack", str(pack), "check", "double", workspace=ws, check_exit=1)
    (ws / "mini" / "double.py").write_text((pack / "solutions" / "double.py").read_text())
    out = run("--pack", str(pack), "check", "double", workspace=ws, check_exit=0).stdout
    assert "You finished A tiny pack for tests!" in out and "Well doubled." in out
    row = next(line for line in out.splitlines() if line.startswith("  Double a matrix"))
    assert row.split()[3:5] == ["2", "0"]  # two checks, no hints
    again = run("--pack", str(pack), "check", "double", workspace=ws, check_exit=0).stdout
    assert "You finished" not in again  # said once, when it happened


def test_a_closed_pipe_ends_quietly(ws):
    environment = dict(os.environ, PYTHONPATH=str(REPO), LATENT_TUTOR_WORKSPACE=str(ws))
    child = subprocess.Popen([sys.executable, "-m", "tutor", "check", "svd-truncate", "--json"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=environment, cwd=ws.parent)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader goes away before the verdict is written, like `| head` would
    error = child.stderr.read().decode()
    assert child.wait(timeout=120) == 141
    assert "Traceback" not in error and "BrokenPipe" not in error

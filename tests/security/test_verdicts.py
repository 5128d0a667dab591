"""Hostile and broken learner files: each gets a clear verdict, never a pass, never a leftover
process (the suite's fixture checks that), and the grader survives."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tutor.core.grading import grade_source
from tutor.core.manifest import load_pack

MARKER = "latent_tutor_orphan_marker_424242"


def _grade(mini_pack: Path, tmp_path: Path, source: str):
    exercise = load_pack(mini_pack).exercise("double")
    path = tmp_path / "double.py"
    path.write_text(source)
    started = time.monotonic()
    result = grade_source(exercise, source, path)
    return result, time.monotonic() - started, exercise


def _marker_processes() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if MARKER.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


HOSTILE = {
    "infinite loop": ("def double(A):\n    while True:\n        pass\n", "timeout"),
    "sleeping": ("import time\ndef double(A):\n    time.sleep(100)\n", "timeout"),
    "loop at import": ("while True:\n    pass\n", "timeout"),
    "memory blow-up": ("import numpy as np\ndef double(A):\n    return np.ones((60000, 60000))\n", "memory"),
    "gradual memory": ("import numpy as np\ndef double(A):\n    junk = []\n"
                       "    while True:\n        junk.append(np.empty(10**7))\n", "memory"),
    "os._exit(0)": ("import os\ndef double(A):\n    os._exit(0)\n", "crash"),
    "sys.exit(0)": ("import sys\ndef double(A):\n    sys.exit(0)\n", "crash"),
    "exit at import": ("import os\nos._exit(0)\n", "crash"),
    "segfault": ("import ctypes\ndef double(A):\n    return ctypes.string_at(0)\n", "crash"),
    "abort": ("import os\ndef double(A):\n    os.abort()\n", "crash"),
    "returns an object": ("def double(A):\n    return object()\n", "bad-type"),
    "returns None": ("def double(A):\n    2 * A\n", "bad-type"),
    "returns NaN": ("import numpy as np\ndef double(A):\n    return np.full(np.shape(A), np.nan)\n", "nan"),
    "syntax error": ("def double(A)\n    return 2 * A\n", "syntax"),
    "raises at import": ("raise RuntimeError('boom')\n", "exception"),
    "missing function": ("def triple(A):\n    return 3 * A\n", "missing"),
    "not implemented": ("def double(A):\n    raise NotImplementedError\n", "todo"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_gets_its_verdict_and_never_passes(mini_pack, tmp_path, name):
    source, verdict = HOSTILE[name]
    result, elapsed, exercise = _grade(mini_pack, tmp_path, source)
    assert not result.passed
    assert result.score == 0
    assert {c.verdict for c in result.checks} == {verdict}, [(c.verdict, c.message) for c in result.checks]
    assert all(c.message for c in result.checks)
    assert elapsed < exercise.limits.timeout + 1.0


def test_syntax_error_names_the_line(mini_pack, tmp_path):
    result, _, _ = _grade(mini_pack, tmp_path, "import numpy\n\ndef double(A):\n    return 2 *\n")
    assert "line 4" in result.checks[0].message
    assert result.error and "line 4" in result.error


def test_exception_traceback_is_trimmed_to_the_learners_file(mini_pack, tmp_path):
    source = "import numpy as np\n\ndef double(A):\n    return np.linalg.inv(np.zeros((2, 2)))\n"
    result, _, _ = _grade(mini_pack, tmp_path, source)
    check = result.checks[0]
    assert check.verdict == "exception" and "LinAlgError" in check.message
    assert "double.py\", line 4" in check.detail
    assert "numpy/linalg" not in check.detail


def test_fake_pass_output_is_only_output(mini_pack, tmp_path):
    source = ("import sys\nprint('{\"passed\": true}')\nprint('ALL CHECKS PASSED')\n"
              "def double(A):\n    print('PASSED', file=sys.stderr)\n    return A\n")
    result, _, _ = _grade(mini_pack, tmp_path, source)
    assert not result.passed
    assert "ALL CHECKS PASSED" in result.output


FORGERS = {
    "monkeypatched numpy": (
        "import numpy as np\n"
        "np.isclose = lambda *a, **k: np.True_\nnp.allclose = lambda *a, **k: True\n"
        "def double(A):\n    return A\n"
    ),
    "lying ndarray subclass": (
        "import numpy as np\n"
        "class Liar(np.ndarray):\n"
        "    def __eq__(self, other): return True\n"
        "    def __array_ufunc__(self, *a, **k): return np.True_\n"
        "    def __array_function__(self, *a, **k): return True\n"
        "def double(A):\n    return np.zeros(np.shape(A)).view(Liar)\n"
    ),
}


@pytest.mark.parametrize("name", list(FORGERS))
def test_tricks_that_change_the_learners_process_are_judged_by_the_data(mini_pack, tmp_path, name):
    result, _, _ = _grade(mini_pack, tmp_path, FORGERS[name])
    assert not result.passed
    assert [c.verdict for c in result.checks] == ["wrong", "wrong", "pass"]  # only the shape is right


def test_no_new_processes_and_none_survive(mini_pack, tmp_path):
    source = (
        "import os, subprocess\n"
        "def double(A):\n"
        f"    subprocess.Popen(['sleep', '30', '{MARKER}'], start_new_session=True)\n"
        "    return 2 * A\n"
    )
    result, _, _ = _grade(mini_pack, tmp_path, source)
    assert not result.passed
    assert result.checks[0].verdict == "exception"
    message = result.checks[0].message
    assert "BlockingIOError" in message or "Resource temporarily unavailable" in message
    assert _marker_processes() == []


def test_fork_bomb_is_contained(mini_pack, tmp_path):
    source = "import os\ndef double(A):\n    while True:\n        os.fork()\n"
    result, elapsed, _ = _grade(mini_pack, tmp_path, source)
    assert not result.passed and elapsed < 5


def test_writing_to_every_descriptor_cannot_forge_a_reply(mini_pack, tmp_path):
    source = (
        "import os, struct\n"
        "def double(A):\n"
        "    fake = b'LT1' + struct.pack('<I', 17) + b'{\"status\": \"ok\"}'\n"
        "    for fd in range(3, 64):\n"
        "        try:\n            os.write(fd, struct.pack('<Q', len(fake)) + fake)\n"
        "        except OSError:\n            pass\n"
        "    return A\n"
    )
    result, _, _ = _grade(mini_pack, tmp_path, source)
    assert not result.passed


def test_no_network(mini_pack, tmp_path):
    source = (
        "import socket\n"
        "def double(A):\n"
        "    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "    return 2 * A\n"
    )
    result, _, _ = _grade(mini_pack, tmp_path, source)
    assert result.checks[0].verdict == "exception"
    assert "PermissionError" in result.checks[0].message  # no new sockets at all


def test_huge_output_is_capped_and_does_not_block(mini_pack, tmp_path):
    source = "def double(A):\n    print('x' * 10**7)\n    return 2 * A\n"
    result, _, exercise = _grade(mini_pack, tmp_path, source)
    assert result.passed, [(c.verdict, c.message) for c in result.checks]
    assert len(result.output) < exercise.limits.output_kb * 1024 * 4 + 200
    assert "more bytes of output dropped" in result.output


def test_one_timeout_costs_one_check_not_the_run(mini_pack, tmp_path):
    source = ("import numpy as np\n"
              "def double(A):\n"
              "    if np.shape(A) == (2, 2):\n        while True:\n            pass\n"
              "    return 2 * np.asarray(A)\n")
    result, _, _ = _grade(mini_pack, tmp_path, source)
    verdicts = [c.verdict for c in result.checks]
    assert verdicts == ["timeout", "pass", "pass"]


KILLED_GRADER = r"""
import sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
from pathlib import Path
from packkit import write_pack
from tutor.core import zygote
from tutor.core.grading import grade_source
from tutor.core.manifest import load_pack
root = Path(sys.argv[2])
exercise = load_pack(write_pack(root / "mini")).exercise("double")
print(zygote.shared().ready()["runs"], flush=True)
grade_source(exercise, "def double(A):\n    while True:\n        pass\n", root / "double.py")
"""


def test_a_killed_grader_leaves_nothing_behind(tmp_path):
    """kill -9 the grader mid-check: its learner process is killed and its run folders removed
    by the keeper, which outlives it for that."""
    import signal
    import subprocess
    import sys
    import time

    repo = Path(__file__).resolve().parents[2]
    grader = subprocess.Popen([sys.executable, "-c", KILLED_GRADER, str(repo), str(tmp_path)], stdout=subprocess.PIPE,
                              text=True)
    runs = Path(grader.stdout.readline().strip())
    deadline = time.monotonic() + 10
    while not any(runs.iterdir()) and time.monotonic() < deadline:  # the learner is at work
        time.sleep(0.02)
    assert any(runs.iterdir())
    grader.send_signal(signal.SIGKILL)
    grader.wait()
    deadline = time.monotonic() + 10
    while runs.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not runs.exists()
    assert _marker_processes() == []


def test_forked_grading_processes_share_their_parents_zygote(mini_pack, tmp_path):
    """`grade` forks a process per student: they all use the zygote started before the forks."""

    from tutor.core import zygote

    parent = zygote.shared()
    parent.ready()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked grading process
        os.close(read_fd)
        os.write(write_fd, str(zygote.shared().pid).encode())
        os._exit(0)
    os.close(write_fd)
    seen = os.read(read_fd, 64).decode()
    os.close(read_fd)
    os.waitpid(pid, 0)
    assert seen == str(parent.pid)


def test_a_process_that_dies_of_memory_is_a_memory_verdict(mini_pack, tmp_path):
    """A library that cannot allocate says so and aborts (as OpenBLAS does): the learner process
    dies, and the death is classified as memory, not as a crash."""
    source = ("import os\ndef double(A):\n"
              "    os.write(2, b'OpenBLAS : Memory allocation failed: Cannot allocate memory\\n')\n"
              "    os.abort()\n")
    result, _, _ = _grade(mini_pack, tmp_path, source)
    assert {c.verdict for c in result.checks} == {"memory"}, [(c.verdict, c.message) for c in result.checks]
    assert "Cannot allocate memory" in result.checks[0].detail

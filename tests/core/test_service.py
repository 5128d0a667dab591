"""The warm worker process that the app grades through."""

import os

import numpy as np
import pytest

from tutor.core.service import GradingService, ServiceError


@pytest.fixture
def worker():
    w = GradingService()
    w.start()
    yield w
    w.close()


def test_grades_with_arrays_for_drawing(worker, mini_pack, tmp_path):
    wrong = tmp_path / "double.py"
    wrong.write_text("def double(A):\n    return 3 * A\n")
    result = worker.grade(mini_pack, "double", wrong)
    assert result.passed is False and result.headline == "NOT YET"
    first = result.checks[0]
    assert first.verdict == "wrong" and first.diagnosis == "You multiplied by three, not two."
    np.testing.assert_array_equal(first.actual, 3 * np.eye(2))
    np.testing.assert_array_equal(first.expected, 2 * np.eye(2))
    assert worker.grade(mini_pack, "double", mini_pack / "solutions" / "double.py").passed is True


def test_calls_one_learner_function_in_isolation(worker, mini_pack, tmp_path):
    solution = mini_pack / "solutions" / "double.py"
    reply = worker.call(mini_pack, "double", solution, "double", np.ones((2, 2)))
    np.testing.assert_array_equal(reply["value"], 2 * np.ones((2, 2)))
    assert worker.call(mini_pack, "double", solution, "nothing")["problem"] == "missing"
    looping = tmp_path / "loop.py"
    looping.write_text("def double(A):\n    while True:\n        pass\n")
    assert worker.call(mini_pack, "double", looping, "double", 1)["problem"] == "timeout"


def test_errors_are_reported_and_the_worker_stays_up(worker, mini_pack, tmp_path):
    with pytest.raises(ServiceError, match="no exercise"):
        worker.grade(mini_pack, "nope", tmp_path / "x.py")
    with pytest.raises(ServiceError, match=r"pack\.toml"):
        worker.grade(tmp_path, "double", tmp_path / "x.py")
    pid = worker.ping()["pid"]
    assert worker.ping()["pid"] == pid and worker.ping()["rss_kb"] > 0


def test_a_dead_worker_is_restarted_on_the_next_request(worker, mini_pack):
    import signal

    first = worker.ping()["pid"]
    os.kill(first, signal.SIGKILL)
    os.waitpid(first, 0)  # the worker is its child: wait until it is really gone
    assert worker.ping()["pid"] != first


def test_a_changed_manifest_is_read_again(worker, mini_pack):
    solution = mini_pack / "solutions" / "double.py"
    assert len(worker.grade(mini_pack, "double", solution).checks) == 3
    manifest = mini_pack / "pack.toml"
    manifest.write_text(manifest.read_text().replace('hidden_checks = "checks/double.py"\n', ""))
    stat = manifest.stat()
    os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert len(worker.grade(mini_pack, "double", solution).checks) == 1

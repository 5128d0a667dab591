import os
import signal
import sqlite3
import subprocess
import sys
import time

from tutor.core.progress import ProgressStore, Status

DONE, IN_PROGRESS, NOT_STARTED = Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED


def test_statuses_and_hints(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    assert store.get("pk", "ex").status == NOT_STARTED
    store.record_attempt("pk", "ex", passed=False, score=0.5, elapsed_ms=3)
    assert store.get("pk", "ex").status == IN_PROGRESS
    store.record_attempt("pk", "ex", passed=True, score=1.0, elapsed_ms=3)
    progress = store.get("pk", "ex")
    assert progress.status == DONE and progress.attempts == 2 and progress.first_pass_at is not None
    assert [store.reveal_hint("pk", "ex", 2) for _ in range(3)] == [1, 2, 2]
    assert set(store.all("pk")) == {"ex"}


def test_progress_survives_reopening(tmp_path):
    ProgressStore(tmp_path / "p.sqlite3").record_attempt("pk", "ex", passed=True, score=1, elapsed_ms=1)
    assert ProgressStore(tmp_path / "p.sqlite3").get("pk", "ex").status == DONE


def test_corrupt_store_is_set_aside_with_a_warning(tmp_path):
    path = tmp_path / "p.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = ProgressStore(path)
    assert store.warning and "moved to" in store.warning
    aside = list(tmp_path.glob("p.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    store.record_attempt("pk", "ex", passed=True, score=1, elapsed_ms=1)
    assert store.get("pk", "ex").passes == 1


WRITER = """
import sys
from tutor.core.progress import ProgressStore
store = ProgressStore(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    store.record_attempt("pk", "ex", passed=i % 2 == 0, score=1.0, elapsed_ms=float(i))
    i += 1
"""


def _attempts(path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM attempts WHERE exercise = 'ex'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_kill_minus_nine_mid_write_loses_nothing_committed(tmp_path):
    path = tmp_path / "p.sqlite3"
    store = ProgressStore(path)
    store.record_attempt("pk", "before", passed=True, score=1, elapsed_ms=1)
    store.close()
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, env=env)
        assert proc.stdout.readline().strip() == b"ready"
        deadline = time.monotonic() + 10
        while _attempts(path) < 50 and time.monotonic() < deadline:  # transactions in flight
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reopened = ProgressStore(path)
        assert reopened.warning is None
        assert reopened.get("pk", "before").passes == 1
        count = reopened.get("pk", "ex").attempts
        assert count > 0
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        reopened.close()


def test_settings_are_kept(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    assert store.setting("theme", "dark") == "dark"
    store.set_setting("theme", "light")
    store.set_setting("theme", "textual-light")
    assert ProgressStore(tmp_path / "p.sqlite3").setting("theme", "dark") == "textual-light"

"""The learner's progress: attempts, passes with their times, hints shown. SQLite, next to the
workspace. Every write is one transaction, so killing the tutor mid-write keeps the previous
state; a store that SQLite cannot read is set aside with a warning, never silently emptied.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    pack TEXT NOT NULL,
    exercise TEXT NOT NULL,
    at REAL NOT NULL,
    passed INTEGER NOT NULL,
    score REAL NOT NULL,
    elapsed_ms REAL NOT NULL,
    public_passed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts (pack, exercise);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hints (
    pack TEXT NOT NULL,
    exercise TEXT NOT NULL,
    shown INTEGER NOT NULL,
    PRIMARY KEY (pack, exercise)
);
"""

class Status(StrEnum):
    """Where a learner is with an exercise."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    """Attempted, or a hint shown, and not passed yet."""
    PUBLIC_OK = "public-ok"
    """A student copy: every public check passed; the hidden ones run only when graded, so it is
    never called done."""
    DONE = "done"

    @property
    def finished(self) -> bool:
        """Nothing is left to do here before grading: done, or (in a student copy) every public
        check passed. "The first exercise not done" skips these."""
        return self in (Status.DONE, Status.PUBLIC_OK)


@dataclass(frozen=True)
class ExerciseProgress:
    attempts: int
    passes: int
    first_pass_at: float | None
    hints_shown: int
    public_passes: int = 0
    """Attempts that passed every public check of a student copy (its hidden checks not run)."""

    @property
    def status(self) -> Status:
        if self.passes:
            return Status.DONE
        if self.public_passes:
            return Status.PUBLIC_OK
        return Status.IN_PROGRESS if self.attempts or self.hints_shown else Status.NOT_STARTED


class ProgressStore:
    """Progress in ``<workspace>/.latent-tutor/progress.sqlite3``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.warning: str | None = None
        """Set when a corrupt store was set aside on opening."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.warning = (f"the progress store could not be read ({exc}); "
                            f"it was moved to {aside} and a new one started")
            self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)
            columns = {row[1] for row in conn.execute("PRAGMA table_info(attempts)")}
            if "public_passed" not in columns:  # a store from before student copies had a status
                conn.execute("ALTER TABLE attempts ADD COLUMN public_passed INTEGER NOT NULL DEFAULT 0")
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        self._conn.close()

    def record_attempt(self, pack: str, exercise: str, *, passed: bool, score: float, elapsed_ms: float,
                       public_passed: bool = False) -> None:
        """Record one check of the learner's file. ``public_passed``: every check that ran passed
        (`ExerciseResult.public_passed`), which in a student copy is all that is known."""
        with self._conn:
            self._conn.execute(
                "INSERT INTO attempts (pack, exercise, at, passed, score, elapsed_ms, public_passed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (pack, exercise, time.time(), int(passed), score, elapsed_ms, int(public_passed or passed)),
            )

    def reveal_hint(self, pack: str, exercise: str, available: int) -> int:
        """Count one more hint shown (up to ``available``); return how many are shown now."""
        with self._conn:
            self._conn.execute(
                "INSERT INTO hints (pack, exercise, shown) VALUES (?, ?, min(1, ?)) "
                "ON CONFLICT (pack, exercise) DO UPDATE SET shown = min(shown + 1, ?)",
                (pack, exercise, available, available),
            )
        return self.get(pack, exercise).hints_shown

    def setting(self, key: str, default: str) -> str:
        """A learner's preference (the app's theme, ...), or ``default`` when none is stored."""
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._conn:
            self._conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def get(self, pack: str, exercise: str) -> ExerciseProgress:
        attempts, passes, first, public = self._conn.execute(
            "SELECT count(*), coalesce(sum(passed), 0), min(CASE WHEN passed THEN at END), "
            "coalesce(sum(public_passed), 0) FROM attempts WHERE pack = ? AND exercise = ?",
            (pack, exercise)).fetchone()
        row = self._conn.execute("SELECT shown FROM hints WHERE pack = ? AND exercise = ?",
                                 (pack, exercise)).fetchone()
        return ExerciseProgress(attempts, passes, first, row[0] if row else 0, public)

    def all(self, pack: str) -> dict[str, ExerciseProgress]:
        """Progress of every exercise of ``pack`` that has any."""
        ids = {r[0] for r in self._conn.execute("SELECT exercise FROM attempts WHERE pack = ? UNION "
                                                "SELECT exercise FROM hints WHERE pack = ?", (pack, pack))}
        return {ex: self.get(pack, ex) for ex in ids}

    def first_times(self, pack: str) -> dict[str, tuple[float, float | None]]:
        """For every exercise of ``pack`` with an attempt: when it was first checked and when it
        first passed (None if never), as Unix times."""
        rows = self._conn.execute(
            "SELECT exercise, min(at), min(CASE WHEN passed THEN at END) FROM attempts WHERE pack = ? "
            "GROUP BY exercise", (pack,))
        return {exercise: (first, passed) for exercise, first, passed in rows}

"""What `grade` remembers between runs, so a run can resume and one student can be regraded.

Beside grades.csv, ``grades.state.jsonl`` holds one line per student graded: their results, a
fingerprint of the files they handed in, and a fingerprint of the pack (its manifest, check
modules and their helpers, variants), the seed and the tutor's version as they were graded
with. Lines are appended as students finish, so an interrupted run keeps what it graded;
`--resume` grades only students whose files or pack have changed since, and `--only` regrades
the students named and merges them with everyone else's results.

The first line is a header naming the exercises graded and whether the run finished.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.fsutil import atomic_write

FORMAT = "latent-tutor grade state 1"


class StateError(Exception):
    """The state file cannot be used for what was asked; the message says why."""


def state_path(out: Path) -> Path:
    """Where the state of the gradebook ``out`` lives: ``grades.csv`` -> ``grades.state.jsonl``."""
    return out.with_name(f"{out.stem}.state.jsonl")


def file_digest(path: Path) -> str:
    """A fingerprint of one submitted path: its content, or why it has none. A link, a folder or a
    special file is never followed or read (a FIFO would block)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable:{exc.errno}"
    if not os.path.isfile(path) or path.is_symlink():
        return f"special:{info.st_mode:o}"
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_digest(folder: Path, relative: Iterable[str]) -> str:
    """A fingerprint of the files a student handed in (each path relative to their folder)."""
    digest = hashlib.sha256()
    for name in sorted(set(relative)):
        digest.update(f"{name}\0{file_digest(folder / name)}\0".encode())
    return digest.hexdigest()


def tree_digest(paths: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A fingerprint of a set of pack files (by content) and of settings (``extra``)."""
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        digest.update(f"{path}\0{file_digest(path)}\0".encode())
    for item in extra:
        digest.update(f"{item}\0".encode())
    return digest.hexdigest()


@dataclass
class StudentState:
    """One student's line: their results and the fingerprints they were graded with."""

    student: str
    files: str
    pack: str
    records: dict[str, dict[str, Any]]
    errors: list[str] = field(default_factory=list)
    pack_fault: bool = False
    """The pack's own code stopped this student's grading (`StudentGrades.pack_fault`)."""

    def to_json(self) -> dict[str, Any]:
        return {"student": self.student, "files": self.files, "pack": self.pack,
                "records": self.records, "errors": self.errors, "pack_fault": self.pack_fault}


@dataclass
class GradeState:
    """The state file's content: the exercises graded, whether the run finished, and students."""

    exercises: list[str]
    seed: int
    complete: bool = False
    students: dict[str, StudentState] = field(default_factory=dict)

    def header(self) -> dict[str, Any]:
        return {"state": FORMAT, "exercises": self.exercises, "seed": self.seed, "complete": self.complete}


def read_state(path: Path) -> GradeState | None:
    """The state at ``path``; None if there is none. Raises `StateError` for a file that is not
    one, or was written by another version."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise StateError(f"cannot read {path}: {exc}") from None
    try:
        header = json.loads(lines[0]) if lines else {}
    except json.JSONDecodeError:
        header = {}
    if not isinstance(header, dict) or header.get("state") != FORMAT:
        raise StateError(f"{path} is not a state file of this version of latent-tutor grade")
    state = GradeState(list(header["exercises"]), int(header["seed"]), bool(header.get("complete")))
    for line in lines[1:]:
        try:
            entry = json.loads(line)
            student = StudentState(entry["student"], entry["files"], entry["pack"], entry["records"],
                                   list(entry.get("errors", [])), bool(entry.get("pack_fault", False)))
        except (json.JSONDecodeError, KeyError, TypeError):
            continue  # a line cut short when the run was killed: that student is graded again
        state.students[student.student] = student
    return state


class StateWriter:
    """Writes the state as students are graded: the header and kept students first (atomically),
    then one appended line per student, flushed at once."""

    def __init__(self, path: Path, state: GradeState, mode: int) -> None:
        self.path, self.state, self.mode = path, state, mode
        self._write_all()
        self._handle = path.open("a", encoding="utf-8")

    def _write_all(self) -> None:
        lines = [json.dumps(self.state.header())]
        lines += [json.dumps(s.to_json()) for s in sorted(self.state.students.values(), key=lambda s: s.student)]
        atomic_write(self.path, "\n".join(lines) + "\n")
        os.chmod(self.path, self.mode)

    def add(self, student: StudentState) -> None:
        """Record one student graded (replacing any earlier line of theirs when read back)."""
        self.state.students[student.student] = student
        self._handle.write(json.dumps(student.to_json()) + "\n")
        self._handle.flush()

    def finish(self) -> None:
        """The run is complete: rewrite the file with one line per student."""
        self._handle.close()
        self.state.complete = True
        self._write_all()

    def close(self) -> None:
        self._handle.close()


def plan_digest(items: Iterable[Any], seed: int) -> str:
    """A fingerprint of what grades a submission: each pack's manifest, the check modules'
    folders (so helpers count), the variants, the seed and the tutor's version. ``items`` are
    `tutor.core.gradebook.GradeItem`s."""
    from tutor import __version__
    from tutor.core.manifest import MANIFEST
    from tutor.core.modules import variant_files

    paths: set[Path] = set()
    settings = [f"seed={seed}", f"tutor={__version__}"]
    for item in items:
        exercise = item.exercise
        paths.add(item.pack.root / MANIFEST)
        for module in (exercise.public_checks, exercise.hidden_checks):
            if module:
                paths.update((exercise.pack_root / module).parent.glob("*.py"))
        paths.update(variant_files(exercise))
        settings.append(f"{exercise.id}:{item.file}:{exercise.points}")
    return tree_digest(paths, settings)

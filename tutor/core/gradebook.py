"""`grade`: batch-grade a class's submissions.

SUBMISSIONS holds one folder per student, laid out exactly like that student's workspace: the
file of exercise X is ``<student>/<X's workspace path>``, the path `latent-tutor list --json`
prints as ``file`` (the built-in pack's files at the top, every other pack's under a folder
named after the pack). Every file is judged by the same engine, limits and seed as `latent-tutor
check`, with the hidden checks. A missing or empty file is "not submitted" and scores 0; a
symbolic link, a special file or one over 1 MiB is refused unread and scores 0.

This module plans and runs the grading; `tutor.core.gradeout` writes the outputs and
`tutor.core.gradestate` remembers what was graded, for `--resume` and `--only`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from tutor.core import batch, zygote
from tutor.core.batch import TaskOutcome, run_tasks
from tutor.core.checkguard import EXIT_IGNORED_LIMIT
from tutor.core.engine import set_poll_window
from tutor.core.grading import grade_file, unreadable_result
from tutor.core.manifest import PackError
from tutor.core.model import Exercise, Pack
from tutor.core.modules import load_checks, load_variants
from tutor.core.standby import prepare_after_take
from tutor.core.workspace import STATE_DIR, Workspace

MAX_SUBMISSION_BYTES = 1024 * 1024
"""A larger exercise file is refused unread (a real one is a few KiB)."""
DETAIL_CHARS = 1000
"""How much of a failure's traceback results.json keeps per check."""
BUDGET_SLACK = 60.0
"""Seconds a student's grading may take beyond its time limits (see `grade_all`)."""
MAX_LISTED = 5000
"""Files looked at in one student folder when searching for misplaced submissions."""


class GradeError(Exception):
    """Grading cannot start: the pack is broken or a student copy, or SUBMISSIONS is wrong."""


@dataclass(frozen=True)
class GradeItem:
    """One exercise as graded: where its file is inside a student folder, and its checks."""

    pack: Pack
    exercise: Exercise
    file: str
    checks: tuple[tuple[str, bool, float], ...]
    """(name, hidden, weight) of each check, in order."""
    mistakes: tuple[tuple[str, str], ...] = ()
    """(name, explanation) of each known-wrong variant."""
    uses: tuple[str, ...] = ()
    """The files of the earlier exercises it imports, inside a student folder."""


@dataclass
class StudentGrades:
    """One student's results: exercise id -> the result as JSON, and grader errors if any."""

    student: str
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    pack_fault: bool = False
    """The grading stopped because of the pack's own code (a check that caught every interrupt
    past its time limit), not the student's: `grade` exits as for a broken check."""


def grading_plan(packs: Sequence[Pack], *, primary: str, select: Sequence[str] = ()) -> list[GradeItem]:
    """The exercises to grade, with their paths in a student folder laid out like a workspace
    whose primary pack (files at the top) is ``primary``.

    ``select`` names packs or exercise ids (default: every exercise of ``packs``). Check
    modules and variants are imported here, once, so a broken pack stops the run before any
    student is graded.
    """
    chosen = _selected(packs, select)
    if not chosen:
        raise GradeError("no exercise to grade")
    released = sorted({pack.name for pack, _ in chosen if pack.released})
    if released:
        raise GradeError(f"{', '.join(released)} is a student copy (released = true) without its hidden checks; "
                         "grade with the original pack")
    layout = Workspace(Path("."), primary)
    items, problems = [], []
    for pack, exercise in chosen:
        try:
            checks = load_checks(exercise)
            variants = load_variants(exercise)
        except PackError as exc:
            problems.append(f"{exercise.id}: {exc}")
            continue
        used = [pack.exercise(u) for u in exercise.uses]
        items.append(GradeItem(pack, exercise, layout.relative(pack, exercise),
                               tuple((c.spec.name, c.hidden, c.spec.weight) for c in checks),
                               tuple((v.name, v.mistake) for v in variants),
                               tuple(layout.relative(pack, u) for u in used if u is not None)))
    if problems:
        raise GradeError("the pack's checks are broken (run `latent-tutor pack validate`):\n  " + "\n  ".join(problems))
    return items


def _selected(packs: Sequence[Pack], select: Sequence[str]) -> list[tuple[Pack, Exercise]]:
    if not select:
        return [(pack, exercise) for pack in packs for exercise in pack.exercises]
    known = {pack.name: [(pack, ex) for ex in pack.exercises] for pack in packs}
    known.update({ex.id: [(pack, ex)] for pack in packs for ex in pack.exercises})
    unknown = [name for name in select if name not in known]
    if unknown:
        raise GradeError(f"--select {', '.join(unknown)}: no such pack or exercise; packs: "
                         f"{', '.join(p.name for p in packs)}; "
                         f"exercises: {', '.join(ex.id for p in packs for ex in p.exercises)}")
    wanted = {(p.name, ex.id) for name in select for p, ex in known[name]}
    return [(pack, ex) for pack in packs for ex in pack.exercises if (pack.name, ex.id) in wanted]


def find_students(submissions: Path) -> list[Path]:
    """The student folders of SUBMISSIONS (resolved), by name; hidden folders and archive
    leftovers like ``__MACOSX`` are skipped."""
    if not submissions.is_dir():
        raise GradeError(f"{submissions} is not a folder of student submissions")
    root = submissions.resolve()
    students = sorted(root / p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "__")))
    if not students:
        raise GradeError(f"{submissions} holds no student folders (one folder per student, laid out like a workspace)")
    return students


# -- what a student handed in --------------------------------------------------------------

def submitted_files(folder: Path) -> list[str]:
    """The Python files in a student folder, relative to it (no link followed, tutor state and
    hidden folders skipped)."""
    found: list[str] = []
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("__pycache__", STATE_DIR))
        here = Path(current).relative_to(folder)
        found += [(here / n).as_posix() for n in sorted(names) if n.endswith(".py")]
        if len(found) > MAX_LISTED:
            break
    return found


def misplaced(item: GradeItem, present: Sequence[str]) -> str | None:
    """Where the student seems to have put the file of ``item`` instead: the present file whose
    path shares the longest ending with the exercise's path (at least its name)."""
    wanted = PurePosixPath(item.exercise.file).parts
    best, best_length = None, 0
    for candidate in present:
        parts = PurePosixPath(candidate).parts
        length = 0
        while length < min(len(parts), len(wanted)) and parts[-1 - length] == wanted[-1 - length]:
            length += 1
        if length > best_length and candidate != item.file:
            best, best_length = candidate, length
    return best


def layout_hint(item: GradeItem, present: Sequence[str]) -> str:
    """Why a file is missing, when it looks misplaced: "found X; did you mean Y?"."""
    found = misplaced(item, present)
    if found is None:
        return ""
    return f" (found {found} instead: hand in the workspace folder as it is, where this file is {item.file})"


def wrong_layout(items: Sequence[GradeItem], students: Sequence[Path]) -> str | None:
    """When no student folder holds any file where a workspace keeps it but some hold them
    elsewhere, the message that says so (grading would give everyone 0), else None."""
    example = None
    for folder in students:
        present = submitted_files(folder)
        if any(item.file in present for item in items):
            return None
        for item in items:
            found = misplaced(item, present)
            if found and example is None:
                example = f"found {folder.name}/{found}; did you mean {folder.name}/{item.file}?"
    if example is None:
        return None
    return ("no student folder holds its files where a workspace keeps them: " + example +
            " Each student folder must be laid out exactly like that student's workspace (the `file` paths "
            "of `latent-tutor list --json` for the same packs); other packs than the built-in one sit in a "
            "folder named after the pack")


def _refusal(path: Path, relative: str) -> str | None:
    """Why a submitted path is not judged as a file, or None (a missing file is judged missing)."""
    if not path.exists() and not path.is_symlink():
        return None
    if path.resolve() != path:
        # A link could point at the instructor's solutions: only the student's own files count.
        return f"{relative} is a symbolic link (or inside one); submit the file itself"
    if not path.is_file():  # a folder, or a FIFO that would block the read
        return f"{relative} is not a regular file"
    if path.stat().st_size > MAX_SUBMISSION_BYTES:
        return f"{relative} is larger than {MAX_SUBMISSION_BYTES // 1024} KiB: is it the right file?"
    return None


def _empty(path: Path) -> bool:
    return path.is_file() and not path.is_symlink() and not path.read_bytes().strip()


def _scrubbed(value: Any, prefixes: Sequence[str]) -> Any:
    """``value`` with the instructor's folders taken out of every string (paths become relative
    to the student folder or the pack)."""
    if isinstance(value, str):
        for prefix in prefixes:
            value = value.replace(prefix, "")
        return value
    if isinstance(value, list):
        return [_scrubbed(v, prefixes) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v, prefixes) for k, v in value.items()}
    return value


def grade_student(items: Sequence[GradeItem], folder: Path, *, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Grade one student folder: one record per exercise, ``{"exercise": id, "submitted": bool, ...result}``.

    ``folder`` is not resolved: if it, or anything inside it, is a symbolic link, its files do
    not count (see `find_students`, which resolves SUBMISSIONS itself).
    """
    present: list[str] | None = None
    for number, item in enumerate(items, 1):
        # The next file's learner process gets ready while this one is judged.
        prepare_after_take(items[number].exercise.limits if number < len(items) else None)
        path = folder / item.file
        refusal = _refusal(path, item.file)
        submitted = True
        if refusal:
            result = unreadable_result(item.exercise, Path(item.file), refusal)
        elif not path.exists():
            present = submitted_files(folder) if present is None else present
            result = unreadable_result(item.exercise, Path(item.file),
                                       f"not handed in: {item.file} is not in the folder{layout_hint(item, present)}")
            submitted = False
        elif _empty(path):
            result = unreadable_result(item.exercise, Path(item.file), f"not handed in: {item.file} is empty")
            submitted = False
        else:
            result = grade_file(item.exercise, path, seed=seed)
        record = result.to_json()
        record.pop("output", None)  # what the learner printed: not a grade, and it can be large
        for check in record["checks"]:
            if len(check.get("detail", "")) > DETAIL_CHARS:
                check["detail"] = "..." + check["detail"][-DETAIL_CHARS:]
        prefixes = sorted({f"{p}/" for p in (folder, folder.resolve(), item.pack.root, item.pack.root.resolve())},
                          key=len, reverse=True)
        record = _scrubbed(record, prefixes)
        record.update(file=item.file, submitted=submitted)
        yield record


def _keep_to_one_cpu(place: int) -> None:
    """Run this grading process, and so its learner processes (`tutor.core.engine`), on one
    CPU, the ``place``-th: a grader and its learner take turns, and a hand-over on one CPU is
    cheaper than a wake-up on another. Each place its own CPU while there are enough."""
    cpus = sorted(os.sched_getaffinity(0))
    if place < 0 or len(cpus) < 2:
        return
    try:
        os.sched_setaffinity(0, {cpus[place % len(cpus)]})
    except OSError:
        pass


def grade_all(items: Sequence[GradeItem], students: Sequence[Path], *, jobs: int, seed: int = 0,
              on_graded: Callable[[StudentGrades, int], None] | None = None) -> list[StudentGrades]:
    """Grade every student folder, ``jobs`` at a time, each in its own process.

    ``on_graded(grades, done)`` is called as each student finishes. The result is in the order
    of ``students``. A student whose grading process fails keeps the exercises graded before it
    and has no result for the rest, with the reason in `StudentGrades.errors`.
    """
    # Each exercise may use its time limit twice (a learner process restarted after a crash),
    # and each of its checks its own time limit.
    budget = BUDGET_SLACK + sum(2 * item.exercise.limits.timeout + len(item.checks) * item.exercise.limits.check_timeout
                                for item in items)
    zygote.shared().ready()  # one zygote for every grading process, started before they fork
    busy = 2 * jobs > (os.cpu_count() or 1)  # a grader and its learner process per job

    def work(folder: Path) -> Iterator[dict[str, Any]]:
        """What each grading process runs: one student folder."""
        if busy:
            set_poll_window(0.0)  # no idle core to poll on: sleep while the learner works
            _keep_to_one_cpu(batch.slot)
        return grade_student(items, folder, seed=seed)

    graded: dict[Path, StudentGrades] = {}
    for outcome in run_tasks(list(students), work, jobs=jobs, budget=budget):
        grades = _collect(items, outcome)
        graded[outcome.task] = grades
        if on_graded is not None:
            on_graded(grades, len(graded))
    return [graded[folder] for folder in students]


def _collect(items: Sequence[GradeItem], outcome: TaskOutcome[Path]) -> StudentGrades:
    grades = StudentGrades(outcome.task.name)
    for record in outcome.records:
        grades.results[record["exercise"]] = record
    if outcome.error:
        missing = [item.exercise.id for item in items if item.exercise.id not in grades.results]
        grades.pack_fault = outcome.exit_status == EXIT_IGNORED_LIMIT
        why = ("a check of the pack caught every interrupt past its time limit (named above), which stopped "
               "the grading" if grades.pack_fault else outcome.error)
        grades.errors.append(f"{why}; not graded: {', '.join(missing) or 'none'}")
    return grades

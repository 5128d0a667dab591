"""`grade`: batch-grade a class's submissions into a gradebook.

SUBMISSIONS holds one folder per student, laid out like a workspace: the file of exercise X is
``<student>/<X's workspace path>`` (the first pack's files at the top, other packs' under a
folder named after the pack). Every file is judged by the same engine, limits and seed as
`latent-tutor check`, with the hidden checks; a missing or unreadable file, a symbolic link, a
special file or one over 1 MiB scores 0.

Outputs:

- grades.csv: a ``student`` column (the folder name), one column per exercise id holding the
  exercise's score from 0 to 1 (the weighted share of its checks passed), and ``total``: the
  mean of the exercise scores, from 0 to 1 (each exercise counts the same).
- results.json: every check's outcome per student, and each check's pass rate across the class.

Both are written only when every student is graded, each atomically.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.batch import TaskOutcome, run_tasks
from tutor.core import zygote
from tutor.core.engine import set_poll_window, set_prefetch
from tutor.core.fsutil import atomic_write
from tutor.core.grading import grade_file, unreadable_result
from tutor.core.manifest import PackError
from tutor.core.model import Exercise, Pack
from tutor.core.modules import load_checks, load_variants
from tutor.core.workspace import Workspace

TOTAL_MEANING = "the mean of the exercise scores, from 0 to 1 (each exercise counts the same)"
MAX_SUBMISSION_BYTES = 1024 * 1024
"""A larger exercise file is refused unread (a real one is a few KiB)."""
DETAIL_CHARS = 1000
"""How much of a failure's traceback results.json keeps per check."""
BUDGET_SLACK = 60.0
"""Seconds a student's grading may take beyond twice the sum of the exercise time limits."""


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


@dataclass
class StudentGrades:
    """One student's results: exercise id -> the result as JSON, and grader errors if any."""

    student: str
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def score(self, exercise_id: str) -> float:
        """The exercise's score from 0 to 1; 0 when it was not graded."""
        result = self.results.get(exercise_id)
        return float(result["score"]) if result else 0.0


def grading_plan(packs: list[Pack]) -> list[GradeItem]:
    """Every exercise of ``packs`` with its path in a student folder; check modules and variants
    are imported here, once, so a broken pack stops the run before any student is graded."""
    if not packs:
        raise GradeError("no pack to grade with")
    released = [p.name for p in packs if p.released]
    if released:
        raise GradeError(f"{', '.join(released)} is a student copy (released = true) without its hidden checks; "
                         "grade with the original pack")
    layout = Workspace(Path("."), packs[0].name)
    items, problems = [], []
    for pack in packs:
        for exercise in pack.exercises:
            try:
                checks = load_checks(exercise)
                load_variants(exercise)
            except PackError as exc:
                problems.append(f"{exercise.id}: {exc}")
                continue
            items.append(GradeItem(pack, exercise, layout.relative(pack, exercise),
                                   tuple((c.spec.name, c.hidden, c.spec.weight) for c in checks)))
    if problems:
        raise GradeError("the pack's checks are broken (run `latent-tutor pack validate`):\n  " + "\n  ".join(problems))
    return items


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


def _trimmed(result: dict[str, Any], file: str) -> dict[str, Any]:
    result["file"] = file
    result.pop("output", None)  # what the learner printed: not a grade, and it can be large
    for check in result["checks"]:
        if len(check.get("detail", "")) > DETAIL_CHARS:
            check["detail"] = "..." + check["detail"][-DETAIL_CHARS:]
    return result


def grade_student(items: list[GradeItem], folder: Path, *, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Grade one student folder: one record per exercise, ``{"exercise": id, ...result}``.

    ``folder`` is not resolved: if it, or anything inside it, is a symbolic link, its files do
    not count (see `find_students`, which resolves SUBMISSIONS itself).
    """
    for number, item in enumerate(items, 1):
        set_prefetch(number < len(items))  # a learner process on standby only while one is needed
        path = folder / item.file
        refusal = _refusal(path, item.file)
        if refusal:
            result = unreadable_result(item.exercise, path, refusal)
        else:
            result = grade_file(item.exercise, path, seed=seed)
        yield _trimmed(result.to_json(), item.file)


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


def grade_all(items: list[GradeItem], students: list[Path], *, jobs: int, seed: int = 0,
              on_graded: Callable[[StudentGrades, int], None] | None = None) -> list[StudentGrades]:
    """Grade every student folder, ``jobs`` at a time, each in its own process.

    ``on_graded(grades, done)`` is called as each student finishes. The result is in the order
    of ``students``. A student whose grading process fails keeps the exercises graded before it
    and scores 0 on the rest, with the reason in `StudentGrades.errors`.
    """
    budget = 2 * sum(item.exercise.limits.timeout for item in items) + BUDGET_SLACK
    zygote.shared().ready()  # one zygote for every grading process, started before they fork

    busy = 2 * jobs > (os.cpu_count() or 1)  # a grader and its learner process per job

    def work(folder: Path) -> Iterator[dict[str, Any]]:
        """What each grading process runs: one student folder."""
        if busy:
            set_poll_window(0.0)  # no idle core to poll on: sleep while the learner works
        return grade_student(items, folder, seed=seed)

    graded: dict[Path, StudentGrades] = {}
    for outcome in run_tasks(students, work, jobs=jobs, budget=budget):
        grades = _collect(items, outcome)
        graded[outcome.task] = grades
        if on_graded is not None:
            on_graded(grades, len(graded))
    return [graded[folder] for folder in students]


def _collect(items: list[GradeItem], outcome: TaskOutcome[Path]) -> StudentGrades:
    grades = StudentGrades(outcome.task.name)
    for record in outcome.records:
        grades.results[record["exercise"]] = record
    if outcome.error:
        missing = [item.exercise.id for item in items if item.exercise.id not in grades.results]
        grades.errors.append(f"{outcome.error}; not graded: {', '.join(missing) or 'none'}")
    return grades


# -- outputs -------------------------------------------------------------------------------

def student_total(items: list[GradeItem], grades: StudentGrades) -> float:
    """The ``total`` column: the mean of the exercise scores (0 to 1)."""
    return sum(grades.score(item.exercise.id) for item in items) / len(items) if items else 0.0


def _cell(score: float) -> str:
    return f"{score:.4f}"


def gradebook_csv(items: list[GradeItem], class_grades: list[StudentGrades]) -> str:
    """grades.csv: ``student``, one column per exercise id, ``total``; one row per student."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", *(item.exercise.id for item in items), "total"])
    for grades in class_grades:
        writer.writerow([grades.student, *(_cell(grades.score(item.exercise.id)) for item in items),
                         _cell(student_total(items, grades))])
    return buffer.getvalue()


def _check_rates(item: GradeItem, class_grades: list[StudentGrades]) -> list[dict[str, Any]]:
    rates = []
    for name, hidden, weight in item.checks:
        outcomes = [c["passed"] for g in class_grades if item.exercise.id in g.results
                    for c in g.results[item.exercise.id]["checks"] if c["name"] == name]
        passed = sum(outcomes)
        rates.append({"name": name, "hidden": hidden, "weight": weight, "graded": len(outcomes), "passed": passed,
                      "pass_rate": round(passed / len(outcomes), 6) if outcomes else None})
    return rates


def gradebook_json(items: list[GradeItem], class_grades: list[StudentGrades], *, seed: int) -> dict[str, Any]:
    """results.json: per-student check outcomes and per-check pass rates across the class."""
    packs = list({item.pack.name: item.pack for item in items}.values())
    exercises = []
    for item in items:
        scores = [g.score(item.exercise.id) for g in class_grades]
        exercises.append({
            "id": item.exercise.id, "pack": item.pack.name, "file": item.file,
            "mean_score": round(math.fsum(scores) / len(scores), 6) if scores else None,
            "checks": _check_rates(item, class_grades),
        })
    students = []
    for grades in class_grades:
        entry: dict[str, Any] = {"student": grades.student, "total": round(student_total(items, grades), 6),
                                 "exercises": {item.exercise.id: grades.results.get(item.exercise.id) for item in items}}
        if grades.errors:
            entry["errors"] = grades.errors
        students.append(entry)
    return {
        "packs": [{"name": p.name, "title": p.title, "root": str(p.root)} for p in packs],
        "seed": seed,
        "total": TOTAL_MEANING,
        "exercises": exercises,
        "students": students,
    }


def write_gradebook(items: list[GradeItem], class_grades: list[StudentGrades], out: Path,
                    json_out: Path | None, *, seed: int) -> None:
    """Write grades.csv (and results.json), each atomically: old content or new, never half."""
    csv_text = gradebook_csv(items, class_grades)
    json_text = json.dumps(gradebook_json(items, class_grades, seed=seed), indent=2) + "\n" if json_out else None
    atomic_write(out, csv_text)
    if json_out is not None and json_text is not None:
        atomic_write(json_out, json_text)

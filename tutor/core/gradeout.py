"""The outputs of `grade`: grades.csv, results.json and one feedback file per student.

- grades.csv: ``student``, one column per exercise id (its score from 0 to 1, the weighted share
  of its checks passed, or ``error`` when every one of its checks broke), then ``total`` (the
  points earned over the points possible, from 0 to 1), ``points`` and ``max_points``. An
  exercise's ``points`` (default 1) is its weight in the total. A student name a spreadsheet
  would run as a formula is written behind an apostrophe.
- results.json: every check's outcome per student; per exercise how many handed it in, each
  check's pass rate over those who did, and how many students made each known mistake.
- feedback/<student>.md: per exercise the score, each failed check's name and message, and the
  likely mistake, with paths relative to the student's folder.

A broken check (verdict ``error``: the pack author's bug) is never counted against a student:
it is left out of the exercise's score, and an exercise whose checks all broke is left out of
the total. Every file is written atomically, readable by the instructor's group.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.core.fsutil import atomic_write
from tutor.core.gradebook import GradeItem, StudentGrades

TOTAL_MEANING = ("the points earned over the points possible, from 0 to 1; an exercise earns its score times "
                 "its points, and an exercise whose checks all broke is left out")
ERROR = "error"
FILE_MODE = 0o644


def output_mode() -> int:
    """rw-r--r-- as the user's umask allows: outputs the instructor's group may read."""
    mask = os.umask(0)
    os.umask(mask)
    return FILE_MODE & ~mask


def write_output(path: Path, text: str) -> None:
    """Write one output atomically (old content or new, never half) with `output_mode`."""
    atomic_write(path, text)
    os.chmod(path, output_mode())


# -- scores --------------------------------------------------------------------------------

def broken(record: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The checks of a result that broke (an error in check code)."""
    return [c for c in record["checks"] if c["verdict"] == ERROR] if record else []


def exercise_score(record: dict[str, Any] | None) -> float | None:
    """The exercise's score from 0 to 1 (0 when it was not graded); None when every check broke."""
    if record is None:
        return 0.0
    if record["checks"] and len(broken(record)) == len(record["checks"]):
        return None
    return float(record["score"] or 0.0)


@dataclass(frozen=True)
class Total:
    """A student's total: points earned, points possible, and their ratio (None if nothing counts)."""

    points: float
    max_points: float

    @property
    def share(self) -> float | None:
        return self.points / self.max_points if self.max_points else None


def student_total(items: Sequence[GradeItem], grades: StudentGrades) -> Total:
    """Every exercise of the plan counts (one not graded or not handed in earns 0), except one
    whose checks all broke."""
    points = possible = 0.0
    for item in items:
        score = exercise_score(grades.results.get(item.exercise.id))
        if score is not None:
            points += score * item.exercise.points
            possible += item.exercise.points
    return Total(points, possible)


def _cell(score: float | None) -> str:
    return ERROR if score is None else f"{score:.4f}"


def _number(value: float) -> str:
    return f"{round(value, 4):g}"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a cell that a spreadsheet would run as a formula begins (OWASP's list)."""


def spreadsheet_text(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: a student folder named ``=HYPERLINK(...)`` is
    shown as written (behind a leading apostrophe), not evaluated when grades.csv is opened."""
    return "'" + text if text.startswith(FORMULA_START) else text


# -- grades.csv ----------------------------------------------------------------------------

def gradebook_csv(items: Sequence[GradeItem], class_grades: Sequence[StudentGrades]) -> str:
    """grades.csv: ``student``, one column per exercise id, ``total``, ``points``, ``max_points``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", *(item.exercise.id for item in items), "total", "points", "max_points"])
    for grades in class_grades:
        total = student_total(items, grades)
        scores = (_cell(exercise_score(grades.results.get(item.exercise.id))) for item in items)
        writer.writerow([spreadsheet_text(grades.student), *scores, _cell(total.share), _number(total.points),
                         _number(total.max_points)])
    return buffer.getvalue()


# -- results.json --------------------------------------------------------------------------

def _rate(passed: int, graded: int) -> float | None:
    return round(passed / graded, 6) if graded else None


def exercise_summary(item: GradeItem, class_grades: Sequence[StudentGrades]) -> dict[str, Any]:
    """How the class did on one exercise: pass rates over the students who handed it in, and
    how many students made each known mistake."""
    records = [g.results[item.exercise.id] for g in class_grades if item.exercise.id in g.results]
    handed_in = [r for r in records if r.get("submitted", True)]
    checks = []
    for name, hidden, weight in item.checks:
        outcomes = [c for r in handed_in for c in r["checks"] if c["name"] == name]
        counted = [c for c in outcomes if c["verdict"] != ERROR]
        passed = sum(c["passed"] for c in counted)
        checks.append({"name": name, "hidden": hidden, "weight": weight, "graded": len(counted), "passed": passed,
                       "pass_rate": _rate(passed, len(counted)), "broken": len(outcomes) - len(counted)})
    mistakes: list[dict[str, Any]] = []
    for variant, mistake in item.mistakes:
        made = sum(any(c.get("diagnosis") == mistake for c in r["checks"]) for r in handed_in)
        mistakes.append({"variant": variant, "mistake": mistake, "students": made})
    mistakes.sort(key=lambda m: (-m["students"], m["variant"]))
    scores = [exercise_score(g.results.get(item.exercise.id)) for g in class_grades]
    counted_scores = [s for s in scores if s is not None]
    return {
        "id": item.exercise.id, "pack": item.pack.name, "file": item.file, "points": item.exercise.points,
        "students": len(class_grades), "submitted": len(handed_in),
        "mean_score": round(math.fsum(counted_scores) / len(counted_scores), 6) if counted_scores else None,
        "checks": checks, "mistakes": mistakes,
    }


def gradebook_json(items: Sequence[GradeItem], class_grades: Sequence[StudentGrades], *, seed: int) -> dict[str, Any]:
    """results.json: per-student check outcomes; per-exercise pass rates and known mistakes."""
    packs = list({item.pack.name: item.pack for item in items}.values())
    students = []
    for grades in class_grades:
        total = student_total(items, grades)
        entry: dict[str, Any] = {
            "student": grades.student, "total": None if total.share is None else round(total.share, 6),
            "points": round(total.points, 6), "max_points": total.max_points,
            "exercises": {item.exercise.id: grades.results.get(item.exercise.id) for item in items},
        }
        if grades.errors:
            entry["errors"] = grades.errors
        students.append(entry)
    return {
        "packs": [{"name": p.name, "title": p.title} for p in packs],
        "seed": seed,
        "total": TOTAL_MEANING,
        "exercises": [exercise_summary(item, class_grades) for item in items],
        "students": students,
    }


# -- feedback ------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"[\\`*<>]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def _md(text: str) -> str:
    """Plain text made safe inside Markdown (no stray emphasis, code or HTML), yet still easy to
    read unrendered: only what would change its meaning is escaped."""
    return _MARKDOWN.sub(lambda m: "\\" + m.group(0), " ".join(str(text).split()))


def _points(value: float) -> str:
    return f"{_number(value)} point{'' if value == 1 else 's'}"


def _code_block(text: str) -> list[str]:
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return [fence, *text.rstrip().splitlines(), fence]


def feedback_markdown(items: Sequence[GradeItem], grades: StudentGrades) -> str:
    """The feedback for one student: their total, then per exercise the score, every failed
    check's name and message, and the likely mistake."""
    total = student_total(items, grades)
    share = "not graded" if total.share is None else f"{total.share:.0%}"
    lines = [f"# Feedback for {_md(grades.student)}", "",
             f"Total: **{share}** ({_number(total.points)} of {_points(total.max_points)})", ""]
    for item in items:
        lines += _exercise_feedback(item, grades.results.get(item.exercise.id))
    if grades.errors:
        lines += ["## Not graded", "", "Grading stopped early for part of your work; your instructor will grade it "
                  "again.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _exercise_feedback(item: GradeItem, record: dict[str, Any] | None) -> list[str]:
    ex = item.exercise
    head = [f"## {_md(ex.title)} ({_md(ex.id)})", ""]
    if record is None:
        return [*head, "Not graded yet.", ""]
    score = exercise_score(record)
    if not record.get("submitted", True):
        why = str(record.get("error") or "").removeprefix("not handed in: ")
        return [*head, f"Not handed in: {_md(why)}. 0 of {_points(ex.points)}.", ""]
    if score is None:
        return [*head, "Not counted: every check of this exercise broke "
                       "(an error in the checks, not in your code).", ""]
    lines = [*head, f"Score: **{score:.0%}**, {_number(score * ex.points)} of {_points(ex.points)} "
                    f"(`{item.file}`).", ""]
    if record.get("error"):
        lines += [f"No check could run your code: {_md(record['error'])}", ""]
        detail = next((c.get("detail", "") for c in record["checks"] if c.get("detail")), "")
        return lines + ([*_code_block(detail), ""] if detail else [])
    for check in record["checks"]:
        if check["verdict"] == ERROR:
            lines.append(f"- **{_md(check['name'])}** could not run (an error in the check, not in your code); "
                         "it is not counted.")
        elif not check["passed"]:
            hidden = " (hidden check)" if check["hidden"] else ""
            lines.append(f"- ✗ **{_md(check['name'])}**{hidden}: {_md(check['message'])}")
    if lines[-1]:
        lines.append("")
    diagnoses = list(dict.fromkeys(c["diagnosis"] for c in record["checks"] if c.get("diagnosis")))
    lines += [f"Likely mistake: {_md(d)}" for d in diagnoses] + ([""] if diagnoses else [])
    passed = sum(c["passed"] for c in record["checks"])
    return [*lines, f"{passed} of {len(record['checks'])} checks passed.", ""]

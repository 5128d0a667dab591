"""`pack validate`: everything an author needs to know before learners meet a pack.

In the spirit of `rustlings dev check`, and beyond it: the manifest parses and every file it
names exists; every check module imports; every stub fails; every reference solution passes;
every known-wrong variant fails (and is recognised by the misconception diagnosis); slow
exercises are flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.grading import ExerciseResult, grade_file
from tutor.core.manifest import PackError, load_pack
from tutor.core.model import Exercise, Pack
from tutor.core.modules import load_checks, variant_files, variant_mistake

SLOW_MS = 1000.0


@dataclass
class ExerciseReport:
    id: str
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checks: int = 0
    solution_ms: float | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "ok": self.ok, "problems": self.problems, "warnings": self.warnings,
                "notes": self.notes, "checks": self.checks, "solution_ms": self.solution_ms}


@dataclass
class PackReport:
    root: Path
    name: str | None = None
    problems: list[str] = field(default_factory=list)
    exercises: list[ExerciseReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(e.ok for e in self.exercises)

    @property
    def failing(self) -> list[str]:
        return [e.id for e in self.exercises if not e.ok]

    def to_json(self) -> dict[str, Any]:
        return {"pack": str(self.root), "name": self.name, "ok": self.ok, "problems": self.problems,
                "exercises": [e.to_json() for e in self.exercises]}


def _failed_checks(result: ExerciseResult) -> str:
    failed = [c for c in result.checks if not c.passed]
    return "; ".join(f"{c.name}: {c.message}" for c in failed[:3]) + (" ..." if len(failed) > 3 else "")


def validate_exercise(pack: Pack, exercise: Exercise) -> ExerciseReport:
    report = ExerciseReport(exercise.id)
    try:
        report.checks = len(load_checks(exercise))
    except PackError as exc:
        report.problems += [f"check module: {p}" for p in exc.problems]
        return report
    if not exercise.hints:
        report.warnings.append("no hints: learners who are stuck get no help")
    stub = grade_file(exercise, exercise.stub_path)
    if stub.passed:
        report.problems.append(f"the stub {exercise.stub_path.relative_to(pack.root)} passes every check: "
                               "learners would pass without writing anything")
    if pack.released:
        return report
    solution = grade_file(exercise, exercise.solution_path)
    report.solution_ms = round(solution.elapsed_ms, 1)
    if not solution.passed:
        report.problems.append(f"the solution fails: {_failed_checks(solution)}")
    elif solution.elapsed_ms > SLOW_MS:
        report.warnings.append(f"slow: the solution takes {solution.elapsed_ms:.0f} ms to check (aim for under {SLOW_MS:.0f} ms)")
    variants = variant_files(exercise)
    if exercise.variants and not variants:
        report.warnings.append(f"{exercise.variants} holds no known-wrong variants")
    for path in variants:
        label = f"variant {path.stem}"
        if not variant_mistake(path):
            report.problems.append(f"{label}: needs a module docstring explaining the mistake")
        result = grade_file(exercise, path)
        if result.passed:
            report.problems.append(f"{label} passes every check: the checks do not catch this mistake")
            continue
        caught = [c.name for c in result.checks if not c.passed]
        diagnosed = any(c.diagnosis for c in result.checks)
        report.notes.append(f"{label}: caught by {len(caught)} check(s)" + ("" if diagnosed else " (not diagnosed: another variant matched first or none replays)"))
    return report


def validate_pack(root: Path | str) -> PackReport:
    """Validate the pack at ``root``; never raises for a broken pack, reports it."""
    report = PackReport(Path(root))
    try:
        pack = load_pack(root)
    except PackError as exc:
        report.problems = [str(p) for p in exc.problems]
        return report
    report.name = pack.name
    for exercise in pack.exercises:
        report.exercises.append(validate_exercise(pack, exercise))
    return report

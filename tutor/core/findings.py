"""What `pack validate` reports: findings (problems and warnings, each of a kind scripts can
match on, with file and line), per exercise and for the whole pack, and their JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.manifest import Problem

KINDS = {
    "manifest": "pack.toml is malformed or names a file that does not exist",
    "lesson": "a lesson's companion module fails to import, or a value, formula or figure fails",
    "check-import": "a check module fails to import, defines no checks, or repeats a check name",
    "variant-import": "a known-wrong variant fails to import",
    "syntax": "a stub or solution is not valid Python",
    "missing-function": "a stub or solution does not define a function the manifest lists",
    "stub-passes": "the stub passes every check",
    "check-passes-stub": "a check passes the untouched stub: learners get its weight for nothing",
    "check-no-calls": "a check never calls the learner's code: it judges nothing the learner wrote",
    "check-error": "a check breaks (an error in check code) with the stub, the solution or a variant",
    "check-timeout": "a check's own code runs longer than limits.check_timeout",
    "solution-fails": "the reference solution fails a check",
    "variant-passes": "a known-wrong variant passes every check",
    "variant-undocumented": "a known-wrong variant has no docstring explaining its mistake",
    "slow": "checking the solution takes too long",
    "no-hints": "an exercise has no hints",
    "no-variants": "the variants folder holds no variant",
}


@dataclass(frozen=True)
class Finding:
    """One problem or warning: what kind, what is wrong, and where (file and line when known)."""

    kind: str
    message: str
    file: str | None = None
    """Relative to the pack folder when inside it."""
    line: int | None = None
    detail: str = ""
    """A traceback, for a check that breaks."""

    def __str__(self) -> str:
        if not self.file:
            return self.message
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        """The finding for `pack validate --json`."""
        data: dict[str, Any] = {"kind": self.kind, "message": self.message, "file": self.file, "line": self.line}
        if self.detail:
            data["detail"] = self.detail
        return data


def relative(path: Path | str, root: Path) -> str:
    path = Path(path)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def from_problem(kind: str, problem: Problem, root: Path) -> Finding:
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return Finding(kind, message, relative(problem.file, root), problem.line)


@dataclass
class ExerciseReport:
    """What validation found for one exercise."""

    id: str
    problems: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """How each known-wrong variant is caught (shown with --verbose)."""
    checks: int = 0
    solution_ms: float | None = None

    @property
    def ok(self) -> bool:
        """True when the exercise has no problems (warnings allowed)."""
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        """The exercise's report for `pack validate --json`."""
        return {"id": self.id, "ok": self.ok, "problems": [p.to_json() for p in self.problems],
                "warnings": [w.to_json() for w in self.warnings], "notes": self.notes,
                "checks": self.checks, "solution_ms": self.solution_ms}


@dataclass
class PackReport:
    """What validation found for a whole pack."""

    root: Path
    name: str | None = None
    released: bool = False
    problems: list[Finding] = field(default_factory=list)
    """Problems of the manifest itself (then nothing else is checked)."""
    lessons: dict[str, list[Finding]] = field(default_factory=dict)
    """Lesson id -> problems of its document (empty for a lesson that renders)."""
    exercises: list[ExerciseReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing in the pack has a problem (warnings allowed)."""
        return not self.problems and not any(self.lessons.values()) and all(e.ok for e in self.exercises)

    @property
    def failing(self) -> list[str]:
        """Ids of the exercises with problems."""
        return [e.id for e in self.exercises if not e.ok]

    @property
    def failing_lessons(self) -> list[str]:
        """Ids of the lessons whose documents do not render."""
        return [lesson for lesson, found in self.lessons.items() if found]

    @property
    def to_fix(self) -> str:
        """What to fix, for messages: "the manifest", or the failing lessons and exercises."""
        if self.problems:
            return "the manifest"
        return ", ".join([f"lesson {lesson}" for lesson in self.failing_lessons] + self.failing)

    def to_json(self) -> dict[str, Any]:
        """The whole report for `pack validate --json` (its shape is documented in docs/authoring.md)."""
        return {"pack": str(self.root), "name": self.name, "released": self.released, "ok": self.ok,
                "failing": self.failing, "failing_lessons": self.failing_lessons,
                "problems": [p.to_json() for p in self.problems],
                "lessons": {lesson: [p.to_json() for p in found] for lesson, found in self.lessons.items()},
                "exercises": [e.to_json() for e in self.exercises]}

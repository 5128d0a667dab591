"""`pack validate`: everything an author needs to know before learners meet a pack.

In the spirit of `rustlings dev check`, and beyond it. For every exercise:

- the manifest parses and every file it names exists (with file and line);
- every lesson's values, formulas and figures compute (see `tutor.lessonkit`);
- every check module and every known-wrong variant imports (with file and line);
- the stub and the solution parse and define every function the manifest lists;
- the stub fails; the reference solution passes, with two different seeds (a check that passes
  a correct answer only by luck is a bug);
- every known-wrong variant fails and explains its mistake in a docstring;
- the solution leaves room under the time limit (a slow check would time out under load).

Problems make the pack invalid; warnings do not. Each finding has a `kind` that scripts can
match on (see `KINDS`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.grading import ExerciseResult, grade_file
from tutor.core.lessondoc import load_document
from tutor.core.manifest import PackError, Problem, load_pack
from tutor.core.model import Exercise, Lesson, Pack
from tutor.core.modules import import_path, load_checks, variant_files, variant_mistake

SLOW_MS = 1000.0
"""A solution checked slower than this gets a warning: learners wait for it on every save."""
SLOW_SHARE = 0.5
"""A solution using more than this share of the exercise's time limit is a problem."""
SEEDS = (0, 1)
"""The solution must pass with each of these base seeds."""

KINDS = {
    "manifest": "pack.toml is malformed or names a file that does not exist",
    "lesson": "a lesson's companion module fails to import, or a value, formula or figure fails",
    "check-import": "a check module fails to import, defines no checks, or repeats a check name",
    "variant-import": "a known-wrong variant fails to import",
    "syntax": "a stub or solution is not valid Python",
    "missing-function": "a stub or solution does not define a function the manifest lists",
    "stub-passes": "the stub passes every check",
    "solution-fails": "the reference solution fails a check",
    "variant-passes": "a known-wrong variant passes every check",
    "variant-undocumented": "a known-wrong variant has no docstring explaining its mistake",
    "slow": "checking the solution takes too long",
    "check-error": "a check raised an internal error instead of passing or failing",
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

    def __str__(self) -> str:
        if not self.file:
            return self.message
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        """The finding for `pack validate --json`."""
        return {"kind": self.kind, "message": self.message, "file": self.file, "line": self.line}


def _relative(path: Path | str, root: Path) -> str:
    path = Path(path)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _from_problem(kind: str, problem: Problem, root: Path) -> Finding:
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return Finding(kind, message, _relative(problem.file, root), problem.line)


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


def _failed_checks(result: ExerciseResult) -> str:
    failed = [c for c in result.checks if not c.passed]
    if result.error:
        return result.error
    return "; ".join(f"{c.name}: {c.message}" for c in failed[:3]) + (" ..." if len(failed) > 3 else "")


def _defined_names(path: Path) -> set[str]:
    """Top-level names a Python file defines, read without running it; raises SyntaxError."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


class _ExerciseValidator:
    """Runs every validation step for one exercise, collecting findings in a report."""

    def __init__(self, pack: Pack, exercise: Exercise) -> None:
        self.pack, self.exercise = pack, exercise
        self.report = ExerciseReport(exercise.id)

    def problem(self, kind: str, message: str, path: Path | None = None, line: int | None = None) -> None:
        """Record a problem (the pack is invalid) about ``path``, if given."""
        self.report.problems.append(Finding(kind, message, _relative(path, self.pack.root) if path else None, line))

    def warning(self, kind: str, message: str, path: Path | None = None) -> None:
        """Record a warning (the pack stays valid) about ``path``, if given."""
        self.report.warnings.append(Finding(kind, message, _relative(path, self.pack.root) if path else None))

    def run(self) -> ExerciseReport:
        """Every step in order; later steps are skipped when what they need is broken."""
        exercise = self.exercise
        if not exercise.hints:
            self.warning("no-hints", "no hints: learners who are stuck get no help")
        if exercise.variants and not variant_files(exercise):
            self.warning("no-variants", f"{exercise.variants} holds no known-wrong variants")
        sources_ok = self._source_defines_functions(exercise.stub_path, "stub")
        if not self.pack.released:
            sources_ok = self._source_defines_functions(exercise.solution_path, "solution") and sources_ok
        if not self._checks_import() or not sources_ok:
            return self.report
        if self.report.checks:
            stub = grade_file(exercise, exercise.stub_path)
            self._check_errors(stub, "the stub")
            if stub.passed:
                self.problem("stub-passes", "the stub passes every check: learners would pass without writing anything",
                             exercise.stub_path)
        if self.pack.released:
            return self.report
        if self._solution_passes() and self._variants_import():
            self._variants_fail()
        return self.report

    def _source_defines_functions(self, path: Path, role: str) -> bool:
        try:
            names = _defined_names(path)
        except SyntaxError as exc:
            self.problem("syntax", f"the {role} is not valid Python: {exc.msg}", path, exc.lineno)
            return False
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            self.problem("syntax", f"the {role} cannot be read: {exc}", path)
            return False
        missing = [name for name in self.exercise.functions if name not in names]
        if missing:
            self.problem("missing-function", f"the {role} does not define {', '.join(f'{m}()' for m in missing)} "
                         "(listed in the manifest's functions)", path)
        return not missing

    def _checks_import(self) -> bool:
        modules = [m for m in (self.exercise.public_checks, self.exercise.hidden_checks) if m]
        for relative in modules:
            try:
                import_path(self.pack.root / relative)
            except PackError as exc:
                self.report.problems += [_from_problem("check-import", p, self.pack.root) for p in exc.problems]
        if self.report.problems:
            return False
        try:
            self.report.checks = len(load_checks(self.exercise))
        except PackError as exc:
            self.report.problems += [_from_problem("check-import", p, self.pack.root) for p in exc.problems]
            return False
        return True

    def _check_errors(self, result: ExerciseResult, role: str) -> None:
        for check in result.checks:
            if check.verdict == "error":
                self.warning("check-error", f"with {role}, {check.message}; learners would see this internal error")

    def _solution_passes(self) -> bool:
        exercise = self.exercise
        results = []
        for seed in SEEDS:
            result = grade_file(exercise, exercise.solution_path, seed=seed)
            self._check_errors(result, "the solution")
            if not result.passed:
                luck = f" (it passes with seed {SEEDS[0]}: a check depends on its random inputs)" if results else ""
                self.problem("solution-fails", f"the solution fails with seed {seed}{luck}: {_failed_checks(result)}",
                             exercise.solution_path)
                return False
            results.append(result)
        self.report.solution_ms = round(results[0].elapsed_ms, 1)
        self._timing(results[0])
        return True

    def _timing(self, result: ExerciseResult) -> None:
        limit_ms = self.exercise.limits.timeout * 1000
        slowest = sorted(result.checks, key=lambda c: c.elapsed_ms, reverse=True)[:3]
        named = ", ".join(f"{c.name!r} {c.elapsed_ms:.0f} ms" for c in slowest)
        if result.elapsed_ms > limit_ms * SLOW_SHARE:
            self.problem("slow", f"the solution takes {result.elapsed_ms:.0f} ms of the exercise's {limit_ms / 1000:g} s "
                         f"time limit; under load (grading with --jobs) it would time out. Slowest checks: {named}. "
                         "Use smaller inputs or raise limits.timeout")
        elif result.elapsed_ms > SLOW_MS:
            self.warning("slow", f"the solution takes {result.elapsed_ms:.0f} ms to check (aim for under "
                         f"{SLOW_MS:.0f} ms: learners wait for it on every save). Slowest checks: {named}")

    def _variants_import(self) -> bool:
        ok = True
        for path in variant_files(self.exercise):
            try:
                import_path(path)
            except PackError as exc:
                self.report.problems += [_from_problem("variant-import", p, self.pack.root) for p in exc.problems]
                ok = False
        return ok

    def _variants_fail(self) -> None:
        for path in variant_files(self.exercise):
            label = f"variant {path.stem}"
            if not variant_mistake(path):
                self.problem("variant-undocumented", f"{label} needs a module docstring explaining the mistake", path)
            result = grade_file(self.exercise, path)
            self._check_errors(result, label)
            if result.passed:
                self.problem("variant-passes", f"{label} passes every check: the checks do not catch this mistake", path)
                continue
            caught = [c.name for c in result.checks if not c.passed]
            mistake = variant_mistake(path)
            diagnoses = {c.diagnosis for c in result.checks if c.diagnosis}
            if mistake in diagnoses:
                note = ""
            elif diagnoses:
                note = " (diagnosed as another variant: their results agree on every failing check's inputs)"
            else:
                note = " (not diagnosed: no failing check's calls replay to the same results)"
            self.report.notes.append(f"{label}: caught by {len(caught)} check(s): {', '.join(caught)}{note}")


def validate_lesson(pack: Pack, lesson: Lesson) -> list[Finding]:
    """Problems of one lesson's document: its module's import and every value, formula, figure."""
    if lesson.module_path is not None:
        try:
            import_path(lesson.module_path)
        except PackError as exc:  # then every reference would fail too: name the cause once
            return [_from_problem("lesson", p, pack.root) for p in exc.problems]
    document = load_document(lesson)
    where = _relative(lesson.module_path or lesson.text_path, pack.root)
    return [Finding("lesson", f"lesson {lesson.id}: {error}", where) for error in document.errors]


def validate_exercise(pack: Pack, exercise: Exercise) -> ExerciseReport:
    """Validate one exercise of a loaded pack."""
    return _ExerciseValidator(pack, exercise).run()


def validate_pack(root: Path | str, on_exercise: Callable[[ExerciseReport], None] | None = None) -> PackReport:
    """Validate the pack at ``root``; never raises for a broken pack, reports it.

    ``on_exercise`` is called with each exercise's report as soon as it is ready.
    """
    report = PackReport(Path(root))
    try:
        pack = load_pack(root)
    except PackError as exc:
        report.problems = [_from_problem("manifest", p, Path(root)) for p in exc.problems]
        return report
    report.name, report.released = pack.name, pack.released
    report.lessons = {lesson.id: validate_lesson(pack, lesson) for lesson in pack.lessons}
    for exercise in pack.exercises:
        result = validate_exercise(pack, exercise)
        report.exercises.append(result)
        if on_exercise is not None:
            on_exercise(result)
    return report

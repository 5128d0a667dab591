"""`pack validate`: everything an author needs to know before learners meet a pack.

In the spirit of `rustlings dev check`, and beyond it. For every exercise:

- the manifest parses and every file it names exists (with file and line);
- every lesson's values, formulas and figures compute (see `tutor.lessonkit`);
- every check module and every known-wrong variant imports (with file and line);
- the stub and the solution parse and define every function the manifest lists;
- the stub fails every check (a check it passes gives learners points for nothing), and every
  check calls the learner's code;
- the reference solution passes, with two different seeds (a check that passes a correct answer
  only by luck is a bug);
- every known-wrong variant fails and explains its mistake in a docstring;
- no check breaks (an error in check code, or a check running past its own time limit), with
  the stub, the solution or any variant: each is named with its file, line and traceback, as the
  check's fault;
- the solution leaves room under the time limit (a slow check would time out under load).

Problems make the pack invalid; warnings do not. Each finding has a `kind` that scripts can
match on (see `tutor.core.findings.KINDS`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from tutor.core.checkguard import BROKEN_SUFFIX, location_in
from tutor.core.findings import (
    KINDS,
    ExerciseReport,
    Finding,
    PackReport,
    from_problem,
    relative,
)
from tutor.core.grading import grade_file
from tutor.core.lessondoc import load_document
from tutor.core.manifest import PackError, load_pack
from tutor.core.model import Exercise, Lesson, Pack
from tutor.core.modules import import_path, load_checks, variant_files, variant_mistake
from tutor.core.results import CheckResult, ExerciseResult, Verdict

__all__ = ["KINDS", "ExerciseReport", "Finding", "PackReport", "validate_exercise", "validate_lesson", "validate_pack"]

SLOW_MS = 1000.0
"""A solution checked slower than this gets a warning: learners wait for it on every save."""
SLOW_SHARE = 0.5
"""A solution using more than this share of the exercise's time limit is a problem."""
SEEDS = (0, 1)
"""The solution must pass with each of these base seeds."""
LESSON_IMPORT_TIMEOUT = 60.0
"""Seconds a lesson's companion module may take to import here."""

def _failed(result: ExerciseResult) -> list[CheckResult]:
    """The checks that failed, the broken ones left out (they are reported as the check's fault)."""
    return [c for c in result.checks if not c.passed and c.verdict is not Verdict.ERROR]


def _failed_checks(result: ExerciseResult) -> str:
    failed = _failed(result)
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
        self._defined: dict[str, tuple[Path, int]] = {}
        """Check name -> the file and line where the check function is defined."""
        self._broken: dict[str, tuple[str, str, list[str]]] = {}
        """Check name -> (message, traceback, the runs it broke in), from the first run it broke in."""

    def problem(self, kind: str, message: str, path: Path | None = None, line: int | None = None) -> None:
        """Record a problem (the pack is invalid) about ``path``, if given."""
        self.report.problems.append(Finding(kind, message, relative(path, self.pack.root) if path else None, line))

    def warning(self, kind: str, message: str, path: Path | None = None) -> None:
        """Record a warning (the pack stays valid) about ``path``, if given."""
        self.report.warnings.append(Finding(kind, message, relative(path, self.pack.root) if path else None))

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
            self._stub_fails()
        if not self.pack.released and self._solution_passes() and self._variants_import():
            self._variants_fail()
        self._report_broken()
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
        for module in modules:
            try:
                import_path(self.pack.root / module, timeout=self.exercise.limits.check_timeout)
            except PackError as exc:
                self.report.problems += [from_problem("check-import", p, self.pack.root) for p in exc.problems]
        if self.report.problems:
            return False
        try:
            loaded = load_checks(self.exercise)
        except PackError as exc:
            self.report.problems += [from_problem("check-import", p, self.pack.root) for p in exc.problems]
            return False
        self.report.checks = len(loaded)
        self._defined = {c.spec.name: (Path(c.func.__code__.co_filename), c.func.__code__.co_firstlineno)
                         for c in loaded}
        return True

    def _check_errors(self, result: ExerciseResult, role: str) -> None:
        """Note every check that broke (reported once per check by `_report_broken`)."""
        for check in result.broken_checks:
            roles = self._broken.setdefault(check.name, (check.message, check.detail, []))[2]
            if role not in roles:
                roles.append(role)

    def _report_broken(self) -> None:
        for message, detail, roles in self._broken.values():  # the message names the check
            head = message.removesuffix(BROKEN_SUFFIX)
            kind = "check-timeout" if "limits.check_timeout" in head else "check-error"
            file, line = location_in(detail)
            self.report.problems.append(Finding(
                kind, f"{head} (checking {', '.join(roles)}): the check's fault, not {roles[0]}'s", file, line, detail))

    def _stub_fails(self) -> None:
        exercise = self.exercise
        stub = grade_file(exercise, exercise.stub_path)
        self._check_errors(stub, "the stub")
        silent = [c for c in stub.checks if c.calls == 0 and c.verdict is not Verdict.ERROR]
        for check in silent:
            self.problem("check-no-calls", f"check {check.name!r} never calls the learner's code "
                         f"(ctx.learner.{exercise.functions[0] if exercise.functions else 'NAME'}(...)): "
                         "it judges nothing the learner wrote", *self._defined[check.name])
        if stub.passed or (stub.public_passed and stub.hidden_pending):
            self.problem("stub-passes", "the stub passes every check: learners would pass without writing anything",
                         exercise.stub_path)
            return
        total = sum(c.weight for c in stub.checks)
        for check in stub.checks:
            if check.passed and check not in silent:
                self.problem("check-passes-stub", f"check {check.name!r} passes the untouched stub: it gives every "
                             f"learner its weight ({check.weight:g} of {total:g}) for nothing",
                             *self._defined[check.name])

    def _solution_passes(self) -> bool:
        exercise = self.exercise
        results: list[ExerciseResult] = []
        for seed in SEEDS:
            result = grade_file(exercise, exercise.solution_path, seed=seed)
            self._check_errors(result, "the solution")
            if _failed(result):
                luck = f" (it passes with seed {SEEDS[0]}: a check depends on its random inputs)" if results else ""
                self.problem("solution-fails", f"the solution fails with seed {seed}{luck}: {_failed_checks(result)}",
                             exercise.solution_path)
                return False
            results.append(result)
        self.report.solution_ms = round(results[0].elapsed_ms, 1)
        if not results[0].broken_checks:  # a check that ran out of its own time is reported as such
            self._timing(results[0])
        return True

    def _timing(self, result: ExerciseResult) -> None:
        limit_ms = self.exercise.limits.timeout * 1000
        slowest = sorted(result.checks, key=lambda c: c.elapsed_ms, reverse=True)[:3]
        named = ", ".join(f"{c.name!r} {c.elapsed_ms:.0f} ms" for c in slowest)
        if result.elapsed_ms > limit_ms * SLOW_SHARE:
            self.problem("slow", f"the solution takes {result.elapsed_ms:.0f} ms of the exercise's "
                         f"{limit_ms / 1000:g} s time limit; under load (grading with --jobs) it would time out. "
                         f"Slowest checks: {named}. Use smaller inputs or raise limits.timeout")
        elif result.elapsed_ms > SLOW_MS:
            self.warning("slow", f"the solution takes {result.elapsed_ms:.0f} ms to check (aim for under "
                         f"{SLOW_MS:.0f} ms: learners wait for it on every save). Slowest checks: {named}")

    def _variants_import(self) -> bool:
        ok = True
        for path in variant_files(self.exercise):
            try:
                import_path(path, timeout=self.exercise.limits.check_timeout)
            except PackError as exc:
                self.report.problems += [from_problem("variant-import", p, self.pack.root) for p in exc.problems]
                ok = False
        return ok

    def _variants_fail(self) -> None:
        for path in variant_files(self.exercise):
            label = f"variant {path.stem}"
            if not variant_mistake(path):
                self.problem("variant-undocumented", f"{label} needs a module docstring explaining the mistake", path)
            result = grade_file(self.exercise, path)
            self._check_errors(result, label)
            caught = [c.name for c in _failed(result)]
            if not caught:
                self.problem("variant-passes", f"{label} passes every check that runs: the checks do not catch this "
                             "mistake", path)
                continue
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
    """Problems of one lesson's document: its module's import and every value, formula, figure.

    A reference the module cannot answer (a typo: ``{{ cos02 }}``) is blamed on the Markdown's
    line; a function that raises, on the module's line where it raised.
    """
    if lesson.module_path is not None:
        try:
            import_path(lesson.module_path, timeout=LESSON_IMPORT_TIMEOUT)
        except PackError as exc:  # then every reference would fail too: name the cause once
            return [from_problem("lesson", p, pack.root) for p in exc.problems]
    document = load_document(lesson)
    text = relative(lesson.text_path, pack.root)
    findings = []
    for problem in document.problems:
        if problem.module_line is not None and lesson.module_path is not None:
            used = f" (used at {text}:{problem.line})" if problem.line else ""
            findings.append(Finding("lesson", f"lesson {lesson.id}: {problem.message}{used}",
                                    relative(lesson.module_path, pack.root), problem.module_line))
        else:
            findings.append(Finding("lesson", f"lesson {lesson.id}: {problem.message}", text, problem.line))
    return findings


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
        report.problems = [from_problem("manifest", p, Path(root)) for p in exc.problems]
        return report
    report.name, report.released = pack.name, pack.released
    report.lessons = {lesson.id: validate_lesson(pack, lesson) for lesson in pack.lessons}
    for exercise in pack.exercises:
        result = validate_exercise(pack, exercise)
        report.exercises.append(result)
        if on_exercise is not None:
            on_exercise(result)
    return report

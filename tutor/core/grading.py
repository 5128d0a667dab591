"""Judge one learner file against an exercise's checks.

Checks run here, in the trusted process; the learner's functions run in an isolated
`LearnerProcess` that is started lazily and started again after a timeout or crash, so one
infinite loop costs one check, not the run. When a check fails, the pack's known-wrong variants
are replayed on the same inputs: if one of them reproduces the learner's results, the failure
names that mistake in plain words.
"""

from __future__ import annotations

import copy
import time
import warnings
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from tutor.core.checkapi import Call, CheckContext, CheckFailure, LoadedCheck
from tutor.core.checkguard import CheckClock, CheckTimeout, broken_check, relative_to_pack
from tutor.core.engine import LearnerProcess
from tutor.core.model import Exercise
from tutor.core.modules import load_checks, load_variants
from tutor.core.results import CheckResult, ExerciseResult, Isolation, LearnerProblem, Verdict
from tutor.core.text import clean

MESSAGE_CHARS = 4000
"""Characters of a check's message kept (it may quote learner text)."""
DETAIL_CHARS = 8000


MAX_COMPANION_BYTES = 1024 * 1024


def companion_files(exercise: Exercise, path: Path) -> dict[str, str]:
    """The learner's own files of the earlier exercises ``exercise`` uses (name -> source),
    found beside ``path`` the way a workspace lays them out. A missing or odd file is left out:
    the learner's import then fails with Python's own message."""
    found: dict[str, str] = {}
    own = Path(exercise.file)
    parts = path.parts
    root = Path(*parts[: len(parts) - len(own.parts)]) if parts[len(parts) - len(own.parts):] == own.parts else None
    for used in exercise.uses_files:
        candidate = root / used if root is not None else path.parent / Path(used).name
        try:
            if not candidate.is_file() or candidate.is_symlink() or candidate.stat().st_size > MAX_COMPANION_BYTES:
                continue
            found[Path(used).name] = candidate.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
    return found


class _Session:
    """The learner process for one run: started on first use, restarted after it dies.

    The run's time limit counts the learner's time only (starting its process, loading its file
    and its calls): the checks' own code has a limit of its own (`tutor.core.checkguard`).
    """

    def __init__(self, source: str, path: Path, exercise: Exercise) -> None:
        self.source, self.path, self.exercise = source, path, exercise
        self.files = companion_files(exercise, path)
        self.process: LearnerProcess | None = None
        self.load_problem: LearnerProblem | None = None
        self.output: list[str] = []
        self.isolation: Isolation | None = None
        self.learner_seconds = 0.0
        self.explained: list[str] = []
        """The known-wrong variants that explained this run's failures so far (tried first)."""

    def remaining(self) -> float:
        return self.exercise.limits.timeout - self.learner_seconds

    def _timeout(self) -> tuple[float, str]:
        """Seconds the next call may take, and how to name that limit."""
        remaining = self.remaining()
        limits = self.exercise.limits
        if remaining <= 0:
            raise LearnerProblem(Verdict.TIMEOUT,
                                 f"not run: the {limits.timeout:g} s limit for the whole run was used up")
        if remaining < limits.call_timeout:
            return remaining, f"the {remaining:.2g} s left of the run's {limits.timeout:g} s limit"
        return limits.call_timeout, f"{limits.call_timeout:g} s"

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if self.load_problem:
            raise self.load_problem
        if self.process is None or not self.process.alive:
            self._collect_output()
            self.process = LearnerProcess(self.source, str(self.path), self.exercise.limits, self.files)
            started = time.monotonic()
            try:
                self.process.start(self._timeout()[0])
            except LearnerProblem as problem:
                self.load_problem = problem  # loading the same file fails the same way every time
                raise
            finally:
                self.learner_seconds += time.monotonic() - started
                self._note_isolation(self.process.isolation)
        if name not in self.process.names:
            raise LearnerProblem(Verdict.MISSING, f"your file defines no function {name}()")
        timeout, label = self._timeout()
        started = time.monotonic()
        try:
            return self.process.call(name, args, kwargs, timeout, label)
        finally:
            self.learner_seconds += time.monotonic() - started

    def _note_isolation(self, isolation: Isolation | None) -> None:
        if isolation is not None and (self.isolation is None or (self.isolation.full and not isolation.full)):
            self.isolation = isolation

    def _collect_output(self) -> None:
        if self.process is not None:
            text = self.process.output
            if text:
                self.output.append(text)
            self.process.discard_output()

    def close(self) -> str:
        if self.process is not None:
            self.process.close()
            self._collect_output()
            self.process = None
        return "".join(self.output)


def check_seed(exercise_id: str, check_name: str, base_seed: int) -> int:
    """The seed of one check's generator: fixed by exercise, check and the run's base seed."""
    return zlib.crc32(f"{exercise_id}/{check_name}/{base_seed}".encode())


def run_checks(exercise: Exercise, checks: list[LoadedCheck], source: str, path: Path, *,
               seed: int = 0) -> tuple[list[CheckResult], str, Isolation | None]:
    """Run ``checks`` against learner ``source``; return the results, the learner's output and
    how isolated it was (None if no learner process ran)."""
    session = _Session(source, path, exercise)
    results = []
    try:
        for loaded in checks:
            results.append(_clean(_run_one(exercise, loaded, session, check_seed(exercise.id, loaded.spec.name, seed))))
    finally:
        output = session.close()
    return results, output, session.isolation


def _clean(result: CheckResult) -> CheckResult:
    """Every text of a result is shown to people: no terminal control sequences, bounded."""
    result.message = clean(result.message, MESSAGE_CHARS)
    result.detail = clean(result.detail, DETAIL_CHARS)
    if result.diagnosis:
        result.diagnosis = clean(result.diagnosis, MESSAGE_CHARS)
    return result


def _defined_in(loaded: LoadedCheck, exercise: Exercise) -> str:
    code = getattr(loaded.func, "__code__", None)
    return relative_to_pack(code.co_filename, exercise.pack_root) if code is not None else "its module"


def _run_one(exercise: Exercise, loaded: LoadedCheck, session: _Session, seed: int) -> CheckResult:
    spec = loaded.spec
    result = CheckResult(spec.name, False, loaded.hidden, "", Verdict.WRONG, spec.weight, seed)
    clock = CheckClock(exercise.limits.check_timeout,  # the check's own code; the learner's calls pause it
                       lambda: f"check {spec.name!r} of {exercise.id} ({_defined_in(loaded, exercise)})")
    ctx = CheckContext(seed=seed, caller=clock.paused(session.call))
    started = time.perf_counter()
    try:
        with clock:
            loaded.func(ctx)
    except CheckFailure as failure:
        result.message, result.verdict = failure.message, Verdict(failure.verdict)
        result.actual, result.expected = failure.actual, failure.expected
    except LearnerProblem as problem:
        result.message, result.verdict = problem.message, Verdict(problem.verdict)
        result.detail = "" if problem.verdict == Verdict.TODO else problem.detail
    except AssertionError as failure:  # a plain `assert` in check code
        result.message = str(failure) or f"check {spec.name!r} failed"
    except (Exception, CheckTimeout) as exc:  # the check itself is broken: not the learner's fault, no pass
        result.verdict = Verdict.ERROR
        result.message, result.detail = broken_check(exercise, loaded, exc, clock)
    else:
        result.passed, result.verdict, result.message = True, Verdict.PASS, "ok"
    result.calls = len(ctx.calls)
    if (not result.passed and exercise.variants and spec.diagnose
            and result.verdict in (Verdict.WRONG, Verdict.NAN, Verdict.BAD_TYPE, Verdict.EXCEPTION)):
        try:
            with CheckClock(exercise.limits.check_timeout,  # variants are the author's code too
                            f"the known-wrong variants of {exercise.id} (replayed for check {spec.name!r})"):
                result.diagnosis = diagnose(exercise, ctx.calls, session.explained)
        except CheckTimeout:
            result.diagnosis = None
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    return result


def grade_source(exercise: Exercise, source: str, path: Path, *, seed: int = 0,
                 include_hidden: bool = True) -> ExerciseResult:
    """Check learner ``source`` (shown as ``path``) against every check of ``exercise``."""
    started = time.perf_counter()
    checks = load_checks(exercise, include_hidden=include_hidden)
    results, output, isolation = run_checks(exercise, checks, source, path, seed=seed)
    result = ExerciseResult(exercise.id, results, (time.perf_counter() - started) * 1000, str(path), output,
                            isolation=isolation)
    result.hidden_pending = exercise.hidden_check_count if not exercise.hidden_checks else 0
    first = results[0] if results else None
    if first and first.verdict == Verdict.SYNTAX and all(r.verdict == Verdict.SYNTAX for r in results):
        result.error = f"{path.name}: {first.message}"
    return result


def grade_file(exercise: Exercise, path: Path, *, seed: int = 0, include_hidden: bool = True) -> ExerciseResult:
    """Check the learner file at ``path``; a missing or unreadable file is a clear failure."""
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return unreadable_result(exercise, path, f"{path} does not exist")
    except UnicodeDecodeError as exc:
        return unreadable_result(exercise, path, f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        return unreadable_result(exercise, path, f"cannot read {path}: {exc.strerror}")
    return grade_source(exercise, source, path, seed=seed, include_hidden=include_hidden)


def unreadable_result(exercise: Exercise, path: Path, message: str) -> ExerciseResult:
    """The result for a learner file that cannot be judged at all: every check fails with ``message``."""
    checks = load_checks(exercise)
    results = [CheckResult(c.spec.name, False, c.hidden, message, Verdict.MISSING, c.spec.weight) for c in checks]
    return ExerciseResult(exercise.id, results, 0.0, str(path), error=message)


# -- misconception diagnosis ---------------------------------------------------------------

REPLAY_MAX_ELEMENTS = 2_000_000
"""Calls with larger array arguments are not replayed: variants run here, without limits."""


def _size(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, (tuple, list)):
        return sum(_size(v) for v in value)
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values())
    return 1


def diagnose(exercise: Exercise, calls: list[Call], first: list[str] | None = None) -> str | None:
    """The explanation of the first known-wrong variant that reproduces every recorded call.

    ``first`` names variants to try before the others, in order: those that explained the
    run's earlier failures, since the checks of one file mostly fail for one cause (a replay
    that reproduces the calls is the expensive part: each variant runs to its first mismatch).
    """
    replayable = [c for c in calls if c.outcome in ("ok", "raised")]
    if not replayable or any(_size((c.args, c.kwargs)) > REPLAY_MAX_ELEMENTS for c in replayable):
        return None
    variants = load_variants(exercise)
    preferred = {name: rank for rank, name in enumerate(first or ())}
    ordered = sorted(variants, key=lambda v: preferred.get(v.name, len(preferred)))  # stable: the rest keep theirs
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # a variant's overflow warnings must not reach the screen
        for variant in ordered:
            if all(_replays(variant.namespace, call) for call in replayable):
                if first is not None and variant.name not in first:
                    first.insert(0, variant.name)
                return variant.mistake
    return None


def _replays(namespace: dict[str, Any], call: Call) -> bool:
    func = namespace.get(call.name)
    if not callable(func):
        return False
    try:
        # A variant may divide by zero on purpose; its warnings are not the grader's output.
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = func(*copy.deepcopy(call.args), **copy.deepcopy(call.kwargs))
    except Exception as exc:
        return call.outcome == "raised" and type(exc).__name__ == call.value[0]
    return call.outcome == "ok" and same_value(value, call.value)


def same_value(a: Any, b: Any) -> bool:
    """Whether two plain-data results agree: arrays within a tight tolerance, NaN equal to NaN.
    Anything that cannot be compared (a 400-digit integer against a float) does not agree."""
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    try:
        x, y = np.asarray(a), np.asarray(b)
        if x.dtype.kind not in "biufc" or y.dtype.kind not in "biufc":
            return bool(a == b)
        return x.shape == y.shape and bool(np.allclose(x, y, rtol=1e-6, atol=1e-9, equal_nan=True))
    except Exception:
        return False

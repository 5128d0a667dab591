"""The typed outcome of a check run, the same on both sides of every process boundary.

`ExerciseResult.to_json()` is what `check --json`, results.json and the grading worker send;
`ExerciseResult.from_json()` reads it back, so the app and the command line hold the same object
and ask it the same questions: did it pass (`headline`), what to say in one line (`summary`),
and whether every failure has one cause, to be said once (`single_cause`).

To add a verdict: add it to `Verdict`, give it a message where it is decided (the engine for
learner-process outcomes, `tutor.checks` for comparisons), and say in `Verdict.learner_fault`
whether it is the learner's doing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

SYNTAX_LINE_RE = re.compile(r"line (\d+)")


class Verdict(StrEnum):
    """How one check ended."""

    PASS = "pass"
    WRONG = "wrong"
    """A value came back and it is not the right one."""
    NAN = "nan"
    """The value holds NaN or inf where numbers were expected."""
    BAD_TYPE = "bad-type"
    """The value is not of the kind asked for (None, a string, a ragged list, ...)."""
    EXCEPTION = "exception"
    SYNTAX = "syntax"
    MISSING = "missing"
    """The file, or the function the check calls, does not exist."""
    TODO = "todo"
    """The function still raises NotImplementedError."""
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASH = "crash"
    """The learner process ended (exit, signal) instead of answering."""
    ERROR = "error"
    """The check itself is broken: the pack author's fault, never a pass."""

    @property
    def learner_fault(self) -> bool:
        return self is not Verdict.ERROR


class Headline(StrEnum):
    """The one word a result is announced with."""

    PASSED = "PASSED"
    PUBLIC_OK = "PUBLIC OK"
    """A student copy: every public check passed; the hidden ones run only when graded."""
    NOT_YET = "NOT YET"


class IsolationLevel(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


@dataclass(frozen=True)
class Isolation:
    """How isolated the learner's code was: every layer that should hold, and those that did not."""

    level: IsolationLevel
    missing: tuple[str, ...] = ()
    """Layers that could not be set up here, in words (e.g. "PID namespace", "seccomp filter")."""

    @property
    def full(self) -> bool:
        return self.level is IsolationLevel.FULL

    @property
    def warning(self) -> str | None:
        """One line for people when isolation is weaker than promised, else None."""
        if self.full:
            return None
        if self.level is IsolationLevel.NONE:
            what = "; ".join(self.missing) or "no isolation on this system"
            return f"learner code ran WITHOUT isolation ({what})"
        return f"learner code ran with partial isolation: missing {', '.join(self.missing)}"

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level.value, "missing": list(self.missing)}

    @classmethod
    def from_json(cls, data: Any) -> Isolation:
        if not isinstance(data, dict):
            return cls(IsolationLevel.NONE, ("not reported",))
        try:
            level = IsolationLevel(str(data.get("level")))
        except ValueError:
            level = IsolationLevel.NONE
        missing = data.get("missing") or ()
        return cls(level, tuple(str(m) for m in missing) if isinstance(missing, (list, tuple)) else ())


class LearnerProblem(Exception):
    """A learner call did not produce a value. `verdict` is one of: exception, syntax, missing,
    bad-type, timeout, memory, crash, todo."""

    def __init__(self, verdict: str, message: str, detail: str = "", types: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.verdict = Verdict(verdict)
        self.message = message
        self.detail = detail
        self.types = types
        """For an exception raised by learner code: its class name and its bases' names."""


@dataclass
class CheckResult:
    """The outcome of one check."""

    name: str
    passed: bool
    hidden: bool
    message: str
    verdict: Verdict
    weight: float = 1.0
    seed: int | None = None
    detail: str = ""
    """A trimmed traceback or the learner's output, when that explains the failure."""
    diagnosis: str | None = None
    """The known mistake the learner's results match, in plain words."""
    actual: Any = None
    expected: Any = None
    """For a failed comparison: the arrays to draw (they travel only to the app, not in JSON)."""
    elapsed_ms: float = 0.0
    calls: int = 0
    """How many times the check called the learner's functions (for `pack validate`; not in JSON)."""

    def to_json(self, *, arrays: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name, "passed": self.passed, "hidden": self.hidden, "message": self.message,
            "verdict": str(self.verdict), "weight": self.weight, "seed": self.seed,
        }
        if self.diagnosis:
            data["diagnosis"] = self.diagnosis
        if self.detail:
            data["detail"] = self.detail
        if arrays:
            data["actual"], data["expected"] = _drawable(self.actual), _drawable(self.expected)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckResult:
        try:
            verdict = Verdict(data.get("verdict", "wrong"))
        except ValueError:
            verdict = Verdict.ERROR
        return cls(
            name=str(data.get("name", "")), passed=bool(data.get("passed")), hidden=bool(data.get("hidden")),
            message=str(data.get("message", "")), verdict=verdict, weight=float(data.get("weight", 1.0)),
            seed=data.get("seed"), detail=str(data.get("detail") or ""), diagnosis=data.get("diagnosis") or None,
            actual=data.get("actual"), expected=data.get("expected"),
        )


@dataclass(frozen=True)
class Cause:
    """One reason that explains every failing check, to be said once."""

    verdict: Verdict
    message: str
    detail: str
    checks: tuple[str, ...]
    """The names of the checks it explains."""


@dataclass(frozen=True)
class Finding:
    """Failing checks that share one cause, to be told once: the first of them in full, the
    others by name. The cause is a diagnosis (a known mistake the results match) or, without
    one, the same verdict and message."""

    checks: tuple[CheckResult, ...]
    """The failing checks it explains, in run order; never empty."""

    @property
    def first(self) -> CheckResult:
        return self.checks[0]

    @property
    def others(self) -> tuple[CheckResult, ...]:
        """The further failing checks with the same cause."""
        return self.checks[1:]

    @property
    def diagnosis(self) -> str | None:
        return self.first.diagnosis


@dataclass
class ExerciseResult:
    """The outcome of checking one learner file against one exercise."""

    exercise: str
    checks: list[CheckResult]
    elapsed_ms: float
    file: str
    output: str = ""
    hidden_pending: int = 0
    """Hidden checks not run here because the pack is a student copy; they run when graded."""
    error: str | None = None
    """Why no check could run the learner's code (syntax error, missing file, ...)."""
    isolation: Isolation | None = None
    """How isolated the learner's code was; None when no learner code ran (a missing file)."""

    @property
    def public_passed(self) -> bool:
        """Every check that ran passed (in a student copy: every public check)."""
        return bool(self.checks) and all(c.passed for c in self.checks) and self.error is None

    @property
    def passed(self) -> bool:
        """The exercise is solved: every check passed, hidden ones included. Never true in a
        student copy, where the hidden checks run only when graded."""
        return self.public_passed and not self.hidden_pending

    @property
    def run_score(self) -> float:
        """Weighted share of the checks that ran which passed, from 0 to 1. A broken check
        (verdict ``error``: the pack author's bug) is left out, never held against the learner."""
        counted = [c for c in self.checks if c.verdict is not Verdict.ERROR]
        total = sum(c.weight for c in counted)
        return sum(c.weight for c in counted if c.passed) / total if total else 0.0

    @property
    def broken_checks(self) -> list[CheckResult]:
        """The checks that broke (an error in check code) instead of passing or failing."""
        return [c for c in self.checks if c.verdict is Verdict.ERROR]

    @property
    def score(self) -> float | None:
        """The exercise's score, from 0 to 1; None in a student copy (unknown until the hidden
        checks run)."""
        return None if self.hidden_pending else self.run_score

    @property
    def headline(self) -> Headline:
        if self.passed:
            return Headline.PASSED
        return Headline.PUBLIC_OK if self.public_passed else Headline.NOT_YET

    @property
    def summary(self) -> str:
        """One line for people. In a student copy it never claims more than the public checks
        show: "3 public checks passed; 5 hidden checks run when graded"."""
        passed = sum(c.passed for c in self.checks)
        if self.error:
            return self.error
        if not self.hidden_pending:
            return f"{passed} of {len(self.checks)} checks passed"
        pending = f"{self.hidden_pending} hidden check{'s' if self.hidden_pending != 1 else ''} run when graded"
        if not self.checks:
            return f"no public checks; {pending}"
        noun = "public check" + ("s" if len(self.checks) != 1 else "")
        shown = f"{passed} {noun}" if passed == len(self.checks) else f"{passed} of {len(self.checks)} {noun}"
        return f"{shown} passed; {pending}"

    @property
    def single_cause(self) -> Cause | None:
        """When more than one check failed and all failed the same way (a stub, a syntax error, a
        missing function), that one cause; else None."""
        failed = [c for c in self.checks if not c.passed]
        if len(failed) < 2 or len(failed) != len(self.checks):
            return None
        if len({(c.verdict, c.message) for c in failed}) != 1:
            return None
        first = failed[0]
        return Cause(first.verdict, first.message, first.detail, tuple(c.name for c in failed))

    @property
    def syntax_line(self) -> int | None:
        """The 1-based line of a syntax error in the learner's file, when that is why nothing ran."""
        if not self.error or not any(c.verdict is Verdict.SYNTAX for c in self.checks):
            return None
        match = SYNTAX_LINE_RE.search(self.error)
        return int(match.group(1)) if match else None

    def to_json(self, *, arrays: bool = False) -> dict[str, Any]:
        """The JSON of `check --json` and results.json; ``arrays`` adds the failed comparisons'
        arrays for drawing (for the grading worker's reply, which carries arrays)."""
        score = self.score
        data: dict[str, Any] = {
            "exercise": self.exercise, "passed": self.passed, "elapsed_ms": round(self.elapsed_ms, 3),
            "checks": [c.to_json(arrays=arrays) for c in self.checks],
            "score": None if score is None else round(score, 6),
            "summary": self.summary, "file": self.file,
        }
        if self.hidden_pending:
            data["hidden_pending"] = self.hidden_pending
            data["public_passed"] = self.public_passed
        if self.error:
            data["error"] = self.error
        if self.output:
            data["output"] = self.output
        if self.isolation is not None:
            data["isolation"] = self.isolation.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExerciseResult:
        isolation = data.get("isolation")
        return cls(
            exercise=str(data.get("exercise", "")),
            checks=[CheckResult.from_json(c) for c in data.get("checks", []) if isinstance(c, dict)],
            elapsed_ms=float(data.get("elapsed_ms", 0.0)), file=str(data.get("file", "")),
            output=str(data.get("output") or ""), hidden_pending=int(data.get("hidden_pending", 0)),
            error=data.get("error") or None,
            isolation=None if isolation is None else Isolation.from_json(isolation),
        )

    # -- what to tell the learner, in order: the command line and the app say the same ------

    @property
    def failed(self) -> list[CheckResult]:
        """The failing checks, in run order."""
        return [c for c in self.checks if not c.passed]

    @property
    def findings(self) -> list[Finding]:
        """The failing checks grouped by cause, in the order of each cause's first failing check:
        checks with the same diagnosis form one finding, and so do checks without one that
        failed with the same verdict and message."""
        groups: dict[tuple[str, ...], list[CheckResult]] = {}
        for check in self.failed:
            key = ("diagnosis", check.diagnosis) if check.diagnosis else ("same", str(check.verdict), check.message)
            groups.setdefault(key, []).append(check)
        return [Finding(tuple(checks)) for checks in groups.values()]

    @property
    def isolation_warning(self) -> str | None:
        """One line when the learner's code ran with weaker isolation than promised, else None."""
        return None if self.isolation is None else self.isolation.warning


def _drawable(value: Any) -> Any:
    """An array for drawing, or None when a check's value is not plain numeric data."""
    if value is None:
        return None
    import numpy as np

    try:
        array = np.asarray(value)
    except Exception:
        return None
    return array if array.dtype.kind in "biuf" else None


__all__ = ["Cause", "CheckResult", "ExerciseResult", "Finding", "Headline", "Isolation", "IsolationLevel",
           "LearnerProblem", "Verdict"]

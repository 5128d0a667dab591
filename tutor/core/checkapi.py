"""The check-author API: what a pack's check modules import.

A check is a function that takes a `CheckContext` and either returns (the check passed) or
fails through one of the context's ``assert_*`` helpers. It runs in the trusted grader process;
the learner's functions run in an isolated process and are reached through ``ctx.learner``:
arguments go over as plain data and results come back as plain data (NumPy arrays, numbers,
strings, tuples), so nothing the learner's code does can make a check pass.

Example, a whole check module::

    import numpy as np
    from tutor.checks import check

    @check("keeps the shape of A", weight=1)
    def shape(ctx):
        A = ctx.rng.standard_normal((6, 4))
        got = ctx.learner.truncated_svd(A, 2)
        ctx.assert_array(got, what="truncated_svd(A, 2)", shape=A.shape)

    @check("rejects k larger than min(m, n)")
    def bad_k(ctx):
        A = ctx.rng.standard_normal((3, 5))
        ctx.assert_raises(ValueError, ctx.learner.truncated_svd, A, 4)

Whether a check is public (learners see its code in a released pack) or hidden is decided by
the file it lives in: the exercise's ``public_checks`` or ``hidden_checks`` module.

Every ``assert_*`` helper takes ``what`` (how the value is named in messages, e.g.
``"truncated_svd(A, 2)"``) and most take ``message`` to name the property violated in plain
words ("rows of the weights must sum to 1"). Failures of matrix comparisons carry the actual and
expected arrays, so the tutor can draw actual / expected / difference heatmaps, and the seed of
``ctx.rng``, so the case can be reproduced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar

import numpy as np

from tutor.core.results import LearnerProblem

__all__ = ["Call", "CheckContext", "CheckFailure", "CheckSpec", "check"]


@dataclass(frozen=True)
class CheckSpec:
    """What `@check` records on a check function."""

    name: str
    weight: float
    description: str
    diagnose: bool = True


CheckFunction = TypeVar("CheckFunction", bound=Callable[["CheckContext"], object])
"""A check: a function of the `CheckContext`, its return value ignored."""


def check(name: str | None = None, *, weight: float = 1.0,
          diagnose: bool = True) -> Callable[[CheckFunction], CheckFunction]:
    """Mark a function of one argument (the `CheckContext`) as a check.

    ``name`` is what learners and gradebooks see (default: the function's name with
    underscores as spaces); ``weight`` is its share of the exercise's score (default 1).
    The docstring, if any, becomes the check's description. With ``diagnose=False`` a failure
    is not compared with the pack's known-wrong variants (whose replay runs in the grader, with
    no resource limits: turn it off for checks whose inputs are huge).
    """
    if callable(name):
        raise TypeError("use @check() or @check(\"name\"), not bare @check")
    if not weight > 0:
        raise ValueError(f"check weight must be positive, got {weight!r}")

    def mark(func: CheckFunction) -> CheckFunction:
        label = name or func.__name__.replace("_", " ")
        spec = CheckSpec(label, float(weight), (func.__doc__ or "").strip(), diagnose)
        setattr(func, "__latent_check__", spec)  # noqa: B010 (a function's own attribute: mypy allows only setattr)
        return func

    return mark


@dataclass(frozen=True)
class LoadedCheck:
    """A check as the grader holds it: what `@check` recorded, the function, and whether it
    came from the exercise's hidden module."""

    spec: CheckSpec
    func: Callable[..., None]
    hidden: bool


class CheckFailure(AssertionError):
    """A check failed. Raised by the ``assert_*`` helpers; check code may raise it too."""

    def __init__(
        self,
        message: str,
        *,
        actual: Any = None,
        expected: Any = None,
        verdict: str = "wrong",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.actual = actual
        self.expected = expected
        self.verdict = verdict
        """"wrong", "nan" (the result holds NaN or inf) or "bad-type"."""


@dataclass
class Call:
    """One call of a learner function during a check, kept for misconception diagnosis."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    outcome: str = "pending"
    """"ok", "raised" or "problem"."""
    value: Any = None
    """The returned value, or the list of exception type names when raised."""


class _Learner:
    """``ctx.learner.NAME(...)`` calls the learner's function NAME in the isolated process."""

    def __init__(self, caller: Callable[[str, tuple[Any, ...], dict[str, Any]], Any], calls: list[Call]) -> None:
        self._caller = caller
        self._calls = calls

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            record = Call(name, args, kwargs)
            self._calls.append(record)
            try:
                record.value = self._caller(name, args, kwargs)
            except LearnerProblem as problem:
                raised = problem.verdict in ("exception", "todo", "memory") and problem.types
                record.outcome = "raised" if raised else "problem"
                record.value = problem.types
                raise
            record.outcome = "ok"
            return record.value

        call.__name__ = name
        return call


def _where(index: tuple[Any, ...]) -> str:
    """An array position as Python writes an index tuple: ``(3,)``, ``(1, 2)``; the heatmaps
    name positions the same way."""
    return str(tuple(int(i) for i in index))


@dataclass
class CheckContext:
    """What a check receives: the learner's functions, a seeded generator, and assertions."""

    seed: int
    """The seed of `rng`; shown with every failure so the case can be reproduced."""
    caller: Callable[[str, tuple[Any, ...], dict[str, Any]], Any] = field(repr=False)
    calls: list[Call] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.rng: np.random.Generator = np.random.default_rng(self.seed)
        """Draw every random input from this generator."""
        self.learner = _Learner(self.caller, self.calls)
        """The learner's functions: ``ctx.learner.truncated_svd(A, 2)``."""

    # -- failing --------------------------------------------------------------------------

    def fail(self, message: str, *, actual: Any = None, expected: Any = None) -> NoReturn:
        """Fail the check with ``message``; pass arrays to have them drawn as heatmaps."""
        raise CheckFailure(message, actual=actual, expected=expected)

    def assert_true(self, condition: Any, message: str) -> None:
        """Fail with ``message`` unless ``condition`` holds."""
        if not condition:
            self.fail(message)

    # -- types and shapes -----------------------------------------------------------------

    def assert_array(
        self,
        value: Any,
        *,
        what: str = "the result",
        shape: tuple[int, ...] | None = None,
        kind: str = "biuf",
        finite: bool = True,
    ) -> np.ndarray:
        """Check that ``value`` is a numeric array (optionally of ``shape``) and return it.

        ``kind`` lists the accepted NumPy dtype kinds ("b" bool, "i"/"u" integer, "f" float).
        Lists and scalars are accepted when they convert to such an array; None, strings and
        ragged lists fail with a bad-type verdict. With ``finite`` (the default), NaN or inf
        entries fail with the NaN verdict.
        """
        if value is None:
            raise CheckFailure(f"{what} returned None: is a `return` missing?", verdict="bad-type")
        if isinstance(value, (str, dict)):
            raise CheckFailure(f"{what} should be an array, got a {type(value).__name__}", verdict="bad-type")
        try:
            array = np.asarray(value)
        except (ValueError, TypeError):
            raise CheckFailure(f"{what} should be an array, got a ragged {type(value).__name__}",
                               verdict="bad-type") from None
        if array.dtype.kind not in kind:
            raise CheckFailure(f"{what} should hold numbers of kind {kind!r}, got dtype {array.dtype}",
                               verdict="bad-type")
        if shape is not None and array.shape != tuple(shape):
            raise CheckFailure(f"{what} has shape {array.shape}; expected {tuple(shape)}", actual=array,
                               verdict="wrong")
        if finite:
            self.assert_finite(array, what=what)
        return array

    def assert_finite(self, value: Any, *, what: str = "the result") -> None:
        """Fail with the NaN verdict if ``value`` holds NaN or infinite entries."""
        array = np.asarray(value)
        if array.dtype.kind in "fc" and not np.all(np.isfinite(array)):
            bad = np.argwhere(~np.isfinite(array))
            label = "NaN" if np.isnan(array[tuple(bad[0])]) else "inf"
            raise CheckFailure(
                f"{what} contains {label} ({len(bad)} of {array.size} entries, first at {_where(tuple(bad[0]))})",
                actual=array,
                verdict="nan",
            )

    def assert_tuple(self, value: Any, length: int, *, what: str = "the result") -> tuple[Any, ...]:
        """Check that a function returned a tuple (or list) of ``length`` items and return it."""
        if not isinstance(value, (tuple, list)) or len(value) != length:
            got = f"a {type(value).__name__} of length {len(value)}" if isinstance(value, (tuple, list)) else (
                "None" if value is None else f"a {type(value).__name__}")
            raise CheckFailure(f"{what} should return a tuple of {length} items, got {got}", verdict="bad-type")
        return tuple(value)

    # -- comparisons ----------------------------------------------------------------------

    def assert_close(
        self,
        actual: Any,
        expected: Any,
        *,
        what: str = "the result",
        rtol: float = 1e-6,
        atol: float = 1e-8,
        message: str | None = None,
    ) -> np.ndarray:
        """Compare an array with the expected one, element-wise within tolerances.

        On failure the message names the largest difference and where it is (or ``message``,
        the property violated), and carries both arrays for the actual / expected /
        difference heatmaps. Returns the actual value as an array.
        """
        expected = np.asarray(expected)
        array = self.assert_array(actual, what=what, finite=bool(np.all(np.isfinite(expected))))
        if array.shape != expected.shape:
            raise CheckFailure(
                f"{what} has shape {array.shape}; expected {expected.shape}", actual=array, expected=expected
            )
        close = np.isclose(array, expected, rtol=rtol, atol=atol, equal_nan=True)
        if not np.all(close):
            diff = np.where(close, 0.0, np.abs(array.astype(float) - expected.astype(float)))
            worst = np.unravel_index(int(np.nanargmax(diff)), diff.shape) if diff.ndim else ()
            detail = f"max |difference| {float(diff[worst]):.3g} at {_where(worst)}"
            text = f"{what}: {message}; {detail}" if message else f"{what} differs from the expected value: {detail}"
            raise CheckFailure(text, actual=array, expected=expected)
        return array

    def assert_scalar(
        self,
        actual: Any,
        expected: float,
        *,
        what: str = "the result",
        rtol: float = 1e-6,
        atol: float = 1e-9,
        message: str | None = None,
    ) -> float:
        """Compare a real number with the expected one within tolerances; return it."""
        if isinstance(actual, np.ndarray) and actual.ndim == 0 and actual.dtype.kind in "iuf":
            actual = actual.item()
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            got = "None (is a `return` missing?)" if actual is None else f"a {type(actual).__name__}"
            raise CheckFailure(f"{what} should be a number, got {got}", verdict="bad-type")
        try:
            value = float(actual)
        except OverflowError:
            raise CheckFailure(f"{what} = an integer of {len(str(abs(actual)))} digits: too large to be "
                               f"a number here (expected {expected:.6g})") from None
        if np.isnan(value) and not np.isnan(expected):
            raise CheckFailure(f"{what} is NaN; expected {expected:.6g}", verdict="nan")
        if not np.isclose(value, expected, rtol=rtol, atol=atol):
            text = message or "differs from the expected value"
            raise CheckFailure(f"{what} = {value:.6g}: {text} (expected {expected:.6g})")
        return value

    def assert_int(self, actual: Any, expected: int, *, what: str = "the result", message: str | None = None) -> int:
        """Check an integer result. NumPy integers are accepted; floats and bools are not."""
        if isinstance(actual, np.ndarray) and actual.ndim == 0 and actual.dtype.kind in "iu":
            actual = int(actual)
        if isinstance(actual, bool) or not isinstance(actual, int):
            got = "None (is a `return` missing?)" if actual is None else f"{type(actual).__name__} {actual!r}"
            raise CheckFailure(f"{what} should be an int, got {got}", verdict="bad-type")
        if actual != expected:
            text = message or "differs from the expected value"
            raise CheckFailure(f"{what} = {actual}: {text} (expected {expected})")
        return actual

    def assert_bool(self, actual: Any, expected: bool, *, what: str = "the result", message: str | None = None) -> bool:
        """Check a True/False result (NumPy booleans are accepted)."""
        if isinstance(actual, np.ndarray) and actual.ndim == 0 and actual.dtype.kind == "b":
            actual = bool(actual)
        if not isinstance(actual, bool):
            raise CheckFailure(f"{what} should be True or False, got {actual!r}", verdict="bad-type")
        if actual != expected:
            raise CheckFailure(f"{what} = {actual}: {message or 'expected ' + str(expected)}")
        return actual

    def assert_raises(self, exception: type[BaseException], func: Callable[..., Any], *args: Any,
                      **kwargs: Any) -> None:
        """Call a learner function and check that it raises ``exception`` (or a subclass)."""
        label = f"{getattr(func, '__name__', 'the function')}({', '.join(_short(a) for a in args)})"
        try:
            value = func(*args, **kwargs)
        except LearnerProblem as problem:
            if problem.verdict in ("exception", "memory") and exception.__name__ in problem.types:
                return
            if problem.verdict == "exception":
                raise CheckFailure(f"{label} should raise {exception.__name__}, but raised {problem.message}") from None
            raise
        raise CheckFailure(f"{label} should raise {exception.__name__}, but returned {_short(value)}")

    # -- invariant comparisons ------------------------------------------------------------

    def assert_close_up_to_sign(
        self,
        actual: Any,
        expected: Any,
        *,
        axis: int = 0,
        what: str = "the result",
        rtol: float = 1e-6,
        atol: float = 1e-8,
    ) -> np.ndarray:
        """Compare vectors that are only defined up to sign, like singular vectors.

        With ``axis=0`` each column of ``actual`` may be the expected column or its negative
        (``axis=1``: each row). The comparison is made after flipping each vector to agree in
        sign with the expected one, so the heatmaps show the real disagreement.
        """
        expected = np.asarray(expected, dtype=float)
        array = self.assert_array(actual, what=what, shape=expected.shape).astype(float)
        inner = np.sum(array * expected, axis=axis, keepdims=True)
        flipped = array * np.where(inner < 0, -1.0, 1.0)
        return self.assert_close(flipped, expected, what=what, rtol=rtol, atol=atol,
                                 message="differs from the expected vectors even allowing sign flips")

    def assert_same_subspace(
        self,
        actual: Any,
        expected: Any,
        *,
        what: str = "the result",
        atol: float = 1e-6,
    ) -> None:
        """Check that two matrices have the same column space (any basis is accepted).

        Compares the orthogonal projectors onto the two column spaces, so a factor that
        differs from the expected one by any invertible map on the right passes.
        """
        expected = np.asarray(expected, dtype=float)
        array = self.assert_array(actual, what=what).astype(float)
        if array.ndim != 2 or array.shape[0] != expected.shape[0]:
            raise CheckFailure(f"{what} has shape {array.shape}; expected {expected.shape[0]} rows")
        got, want = _projector(array), _projector(expected)
        self.assert_close(got, want, what=f"the projector onto the column space of {what}", rtol=0, atol=atol,
                          message="spans a different subspace than expected")


def _projector(matrix: np.ndarray) -> np.ndarray:
    u, s, _ = np.linalg.svd(matrix, full_matrices=False)
    rank = int(np.sum(s > s.max(initial=0) * max(matrix.shape) * np.finfo(float).eps)) if s.size else 0
    basis = u[:, :rank]
    projector: np.ndarray = basis @ basis.T
    return projector


SHORT = 30
"""The longest an argument is written in full in a message; longer ones are summarised."""


def _short(value: Any) -> str:
    """An argument as a message shows it: in full when short, else summarised whole (never a
    repr cut in the middle, which would leave a bracket or a quote open)."""
    if isinstance(value, np.ndarray):
        return f"<{'x'.join(map(str, value.shape)) or 'scalar'} array>"
    text = repr(value)
    if len(text) <= SHORT:
        return text
    if isinstance(value, str):
        cut = repr(value[: SHORT - 6])
        return cut[:-1] + "…" + cut[-1]
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return f"<{type(value).__name__} of {len(value)} items>"
    return f"<{type(value).__name__}>"

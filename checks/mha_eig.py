"""Hidden checks for mha-eig.

Eigenvalues are compared as multisets (each expected one matched to the closest unused one
returned), the order only by absolute value, so ties may come in any order. The check at
m = 20000 needs A @ B to be avoided: the product (3.2 GB) does not fit under the exercise's
2 GiB memory limit, while B @ A is 3 x 3.
"""

import numpy as np

from tutor.checks import check

BIG = 20_000  # A @ B of 20000 x 20000 float64 needs 3.2 GB


def expected_eigvals(A, B):
    w = np.linalg.eigvals(B @ A)
    return w[np.argsort(-np.abs(w), kind="stable")]


def eigvals_result(ctx, got, want, what):
    """Check shape, dtype, order by |lam| and the multiset of values; return the array."""
    got = ctx.assert_array(got, what=what, kind="iufc", shape=want.shape)
    if want.dtype.kind == "f" and got.dtype.kind == "c":
        ctx.fail(f"{what} has complex dtype, but every eigenvalue is real: return a real array (as "
                 "np.linalg.eigvals does when no eigenvalue has an imaginary part)")
    scale = max(1.0, float(np.abs(want).max(initial=0.0)))
    magnitudes = np.abs(got)
    if np.any(np.diff(magnitudes) > 1e-9 * scale):
        ctx.fail(f"{what}: the eigenvalues must come sorted by decreasing absolute value, got "
                 f"{np.round(got, 4)} (absolute values {np.round(magnitudes, 4)})")
    unused = list(range(len(got)))
    for value in want:
        best = min(unused, key=lambda i: abs(got[i] - value))
        if abs(got[best] - value) > 1e-8 * scale:
            ctx.fail(f"{what}: expected the eigenvalues {np.round(want, 6)} of B @ A (in any order of equal "
                     f"absolute value), got {np.round(got, 6)}; {np.round(value, 6)} is missing")
        unused.remove(best)
    return got


def score(A, B):
    w = np.linalg.eigvals(B @ A)
    total = np.abs(w).sum()
    return float(np.real(w).sum() / total) if total > 0 else 0.0


@check("the r eigenvalues of B @ A, largest absolute value first", weight=3)
def values(ctx):
    for m, r in ((30, 4), (12, 5), (6, 6)):
        A, B = ctx.rng.standard_normal((m, r)), ctx.rng.standard_normal((r, m))
        eigvals_result(ctx, ctx.learner.factored_eigvals(A, B), expected_eigvals(A, B),
                       f"factored_eigvals(A {m}x{r}, B {r}x{m})")


@check("sorted by absolute value, not by value: a large negative eigenvalue comes first", weight=2)
def negative_first(ctx):
    A = np.linalg.qr(ctx.rng.standard_normal((10, 4)))[0]
    D = np.array([1.0, -5.0, 3.0, 0.5])
    eigvals_result(ctx, ctx.learner.factored_eigvals(A, D[:, None] * A.T), np.array([-5.0, 3.0, 1.0, 0.5]),
                   "factored_eigvals(A 10x4, B 4x10) with B @ A = diag(1, -5, 3, 0.5)")


@check("real eigenvalues give a real array; a rotation gives complex ones")
def dtypes(ctx):
    A = ctx.rng.standard_normal((9, 3))
    B = ctx.rng.uniform(0.5, 2.0, size=(3, 1)) * A.T  # B @ A = D A^T A: similar to a symmetric positive matrix
    want = expected_eigvals(A, B)
    if want.dtype.kind == "f":
        eigvals_result(ctx, ctx.learner.factored_eigvals(A, B), want, "factored_eigvals(A 9x3, D A^T)")
    Q = np.linalg.qr(ctx.rng.standard_normal((7, 2)))[0]
    rotation = np.array([[0.0, -2.0], [2.0, 0.0]])  # eigenvalues +2i and -2i
    got = eigvals_result(ctx, ctx.learner.factored_eigvals(Q, rotation @ Q.T), np.array([2j, -2j]),
                         "factored_eigvals(A 7x2, B 2x7) with B @ A a rotation by 90 degrees, scaled by 2")
    ctx.assert_true(got.dtype.kind == "c", "a rotation's eigenvalues are +2i and -2i: return them as complex numbers")


@check("works when A @ B is too large to form (m = 20000)", weight=2)
def too_large(ctx):
    r = 3
    A, B = ctx.rng.standard_normal((BIG, r)), ctx.rng.standard_normal((r, BIG))
    what = f"factored_eigvals(A {BIG}x{r}, B {r}x{BIG})"
    try:
        got = ctx.learner.factored_eigvals(A, B)
    except Exception as problem:
        if getattr(problem, "verdict", None) == "memory":
            ctx.fail(f"{what} ran out of memory: A @ B would be {BIG} x {BIG}, 3.2 GB. Its nonzero eigenvalues "
                     "are those of the 3 x 3 matrix B @ A")
        raise
    eigvals_result(ctx, got, expected_eigvals(A, B), what)
    ctx.assert_scalar(ctx.learner.copying_score(A, B), score(A, B), what=f"copying_score(A {BIG}x{r}, B {r}x{BIG})",
                      rtol=1e-9, atol=1e-12, message="sum of the real parts over the sum of the absolute values")


@check("copying_score: 1 for copying, -1 for anti-copying, the formula otherwise", weight=2)
def scores(ctx):
    A = ctx.rng.standard_normal((12, 4))
    ctx.assert_scalar(ctx.learner.copying_score(A, A.T), 1.0, what="copying_score(A 12x4, A.T)",
                      message="A.T @ A has only positive eigenvalues")
    ctx.assert_scalar(ctx.learner.copying_score(A, -A.T), -1.0, what="copying_score(A 12x4, -A.T)",
                      message="-A.T @ A has only negative eigenvalues")
    for m, r in ((10, 4), (8, 6)):
        A, B = ctx.rng.standard_normal((m, r)), ctx.rng.standard_normal((r, m))
        ctx.assert_scalar(ctx.learner.copying_score(A, B), score(A, B), what=f"copying_score(A {m}x{r}, B {r}x{m})",
                          rtol=1e-9, atol=1e-12,
                          message="sum of Re(lam) over the sum of |lam|, |lam| being the modulus of a complex lam")


@check("copying_score with complex eigenvalues uses their moduli")
def complex_score(ctx):
    Q = np.linalg.qr(ctx.rng.standard_normal((6, 3)))[0]
    M = np.array([[1.0, -2.0, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, -1.0]])  # eigenvalues 1 +- 2i and -1
    want = (1.0 + 1.0 - 1.0) / (2 * np.sqrt(5.0) + 1.0)
    ctx.assert_scalar(ctx.learner.copying_score(Q, M @ Q.T), want, what="copying_score with eigenvalues 1 +- 2i and -1",
                      rtol=1e-9, message="|1 + 2i| is sqrt(5), not 1: divide by the moduli of the eigenvalues")


@check("copying_score of a zero circuit is 0.0")
def zero_score(ctx):
    ctx.assert_scalar(ctx.learner.copying_score(np.zeros((5, 2)), np.zeros((2, 5))), 0.0,
                      what="copying_score(zeros 5x2, zeros 2x5)",
                      message="all eigenvalues are 0: return 0.0, not 0 / 0")


@check("both raise ValueError when r > m or the shapes do not fit")
def bad_shapes(ctx):
    A, B = ctx.rng.standard_normal((3, 5)), ctx.rng.standard_normal((5, 3))  # B @ A is 5 x 5, but r = 5 > m = 3
    ctx.assert_raises(ValueError, ctx.learner.copying_score, A, B)
    ctx.assert_raises(ValueError, ctx.learner.factored_eigvals, A, B)
    ctx.assert_raises(ValueError, ctx.learner.factored_eigvals, ctx.rng.standard_normal((6, 2)),
                      ctx.rng.standard_normal((2, 7)))

"""Hidden checks for svd-shrink.

The minimizer of 1/2 ||X - A||^2 + lam ||X||_* is unique (the objective is strictly convex), so
the result is compared with it directly; singular vector signs never enter, since only the
product U diag(.) V^T is compared.
"""

import numpy as np

from tutor.checks import check


def _with_spectrum(rng, m, n, s):
    Q1, _ = np.linalg.qr(rng.standard_normal((m, m)))
    Q2, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return (Q1[:, :len(s)] * np.asarray(s, dtype=float)) @ Q2[:, :len(s)].T


def _shrink(A, lam):
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    return (U * np.maximum(s - lam, 0.0)) @ Vt


def _objective(X, A, lam):
    return 0.5 * np.linalg.norm(X - A) ** 2 + lam * np.linalg.svd(X, compute_uv=False).sum()


@check("shrinks every singular value by lam and keeps the singular vectors", weight=3)
def known_spectrum(ctx):
    s = [9.0, 5.0, 2.5, 1.0, 0.3]
    A = _with_spectrum(ctx.rng, 8, 6, s)
    for lam in (0.5, 2.0, 4.0):
        got = ctx.assert_array(ctx.learner.shrink_singular_values(A, lam), what=f"shrink_singular_values(A, {lam})",
                               shape=A.shape)
        expected = _shrink(A, lam)
        if not np.allclose(got, expected, rtol=1e-6, atol=1e-8):
            new = np.maximum(np.array(s) - lam, 0.0)
            ctx.fail(f"shrink_singular_values(A 8x6 with s = 9, 5, 2.5, 1, 0.3, {lam}) should have singular values "
                     f"{', '.join(f'{v:g}' for v in new)} (each s_i - {lam}, stopped at 0) along A's own singular "
                     f"vectors; yours has {', '.join(f'{v:.3g}' for v in np.linalg.svd(got, compute_uv=False)[:5])}",
                     actual=got, expected=expected)


@check("minimizes 1/2 ||X - A||^2 + lam ||X||_* on random matrices", weight=2)
def minimizer(ctx):
    for shape, lam in [((7, 5), 1.0), ((4, 9), 2.5)]:
        A = 2 * ctx.rng.standard_normal(shape)
        got = ctx.assert_array(ctx.learner.shrink_singular_values(A, lam),
                               what=f"shrink_singular_values(A {shape}, {lam})", shape=shape)
        expected = _shrink(A, lam)
        if not np.allclose(got, expected, rtol=1e-6, atol=1e-8):
            ctx.fail(f"shrink_singular_values(A {shape[0]}x{shape[1]}, {lam}): "
                     "the objective 1/2 ||X - A||^2 + lam ||X||_* "
                     f"is {_objective(got, A, lam):.6g} at your X and {_objective(expected, A, lam):.6g} at the "
                     "minimizer", actual=got, expected=expected)


@check("a lam at or above the largest singular value gives zero")
def large_lam(ctx):
    A = _with_spectrum(ctx.rng, 5, 5, [3.0, 2.0, 1.0])
    for lam in (3.0, 10.0):
        ctx.assert_close(ctx.learner.shrink_singular_values(A, lam), np.zeros((5, 5)),
                         what=f"shrink_singular_values(A, {lam})",
                         message=f"every singular value is at most {lam}, so every one shrinks to 0")


@check("integer input and a rank-deficient matrix")
def integer_input(ctx):
    A = np.array([[2, 0], [0, 0], [0, 1]])
    ctx.assert_close(ctx.learner.shrink_singular_values(A, 0.5), np.array([[1.5, 0.0], [0.0, 0.0], [0.0, 0.5]]),
                     what="shrink_singular_values([[2, 0], [0, 0], [0, 1]], 0.5)",
                     message="the singular values 2 and 1 become 1.5 and 0.5")


@check("raises ValueError if lam < 0")
def negative_lam(ctx):
    ctx.assert_raises(ValueError, ctx.learner.shrink_singular_values, ctx.rng.standard_normal((3, 3)), -0.5)

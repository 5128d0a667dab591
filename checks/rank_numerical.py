"""Hidden checks for rank-numerical.

Every input is built with a known rank: a product of an (m x r) and an (r x n) random factor
has rank r exactly on paper, and rounding leaves its other singular values below
max(m, n) * eps * s_max (typically 1e-17 to 1e-16 of s_max).
"""

import numpy as np

from tutor.checks import check


def _low_rank(rng, m, n, r, scale=1.0):
    return scale * (rng.standard_normal((m, r)) @ rng.standard_normal((r, n)))


@check("finds the rank of products of random factors, at any scale", weight=3)
def products(ctx):
    for (m, n, r), scale in [((8, 6, 2), 1.0), ((5, 9, 4), 1e8), ((7, 7, 3), 1e-8), ((6, 10, 1), 1.0)]:
        A = _low_rank(ctx.rng, m, n, r, scale)
        ctx.assert_int(ctx.learner.numerical_rank(A), r,
                       what=f"numerical_rank(A {m}x{n} of rank {r}, scaled by {scale:g})",
                       message=f"A is a product of {m}x{r} and {r}x{n} factors, so its rank is {r}; "
                               "rounding leaves tiny singular values that the default tolerance must ignore")


@check("the default tolerance scales with the largest singular value", weight=2)
def relative_default(ctx):
    base = _low_rank(ctx.rng, 6, 5, 2)
    for scale in (1e-12, 1e12):
        ctx.assert_int(ctx.learner.numerical_rank(base * scale), 2,
                       what=f"numerical_rank(A * {scale:g}) for A of rank 2",
                       message="scaling a matrix does not change its rank: the default tolerance must be "
                               "s_max * max(m, n) * eps, relative to the largest singular value")


@check("uses the tolerance it is given", weight=2)
def given_tolerance(ctx):
    A = _low_rank(ctx.rng, 9, 7, 3) + 1e-6 * ctx.rng.standard_normal((9, 7))
    ctx.assert_int(ctx.learner.numerical_rank(A), 7, what="numerical_rank(A) for rank 3 plus noise of size 1e-6",
                   message="the noise is far above the default tolerance, so every direction counts")
    ctx.assert_int(ctx.learner.numerical_rank(A, tol=1e-3), 3, what="numerical_rank(A, tol=1e-3)",
                   message="with tol=1e-3 the noise directions (singular values near 1e-6) must not count")
    ctx.assert_int(ctx.learner.numerical_rank(A, 1e-3), 3, what="numerical_rank(A, 1e-3) (tol passed by position)")


@check("tol = 0 counts every nonzero singular value; strictly greater than tol")
def tolerance_edges(ctx):
    D = np.diag([3.0, 2.0, 1.0, 1e-20])
    default, zero, two = (ctx.learner.numerical_rank(D), ctx.learner.numerical_rank(D, tol=0.0),
                          ctx.learner.numerical_rank(D, tol=2.0))
    ctx.assert_int(default, 3, what="numerical_rank(diag(3, 2, 1, 1e-20))",
                   message="1e-20 is below the default tolerance 3 * 4 * eps")
    ctx.assert_int(zero, 4, what="numerical_rank(diag(3, 2, 1, 1e-20), tol=0.0)",
                   message="tol=0.0 is a tolerance of zero, not a request for the default")
    ctx.assert_int(two, 1, what="numerical_rank(diag(3, 2, 1, 1e-20), tol=2.0)",
                   message="only singular values strictly greater than tol count; 2 is not greater than 2")


@check("empty dimensions and the zero matrix give 0")
def empty(ctx):
    for shape in [(0, 5), (4, 0), (0, 0)]:
        ctx.assert_int(ctx.learner.numerical_rank(np.zeros(shape)), 0,
                       what=f"numerical_rank(an empty {shape[0]}x{shape[1]} array)",
                       message="a matrix with an empty dimension has rank 0")
    ctx.assert_int(ctx.learner.numerical_rank(np.zeros((2, 2))), 0, what="numerical_rank(zeros((2, 2)))")


@check("works for integer matrices")
def integers(ctx):
    B = ctx.rng.integers(-3, 4, size=(6, 2))
    A = B @ ctx.rng.integers(-3, 4, size=(2, 5))
    expected = int(np.linalg.matrix_rank(A))
    ctx.assert_int(ctx.learner.numerical_rank(A), expected, what="numerical_rank(an integer matrix)")

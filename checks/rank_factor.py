"""Hidden checks for rank-factor.

Factors are never compared with one particular pair: C @ R with C (m, r) and R (r, n) has
infinitely many factorizations (C M and M^-1 R for any invertible M). The checks judge the
shapes, so r, and the product against A.
"""

import numpy as np

from tutor.checks import check


def _low_rank(rng, m, n, r, scale=1.0):
    return scale * (rng.standard_normal((m, r)) @ rng.standard_normal((r, n)))


def _factors(ctx, A, r, what, *args, product=True, why=""):
    """Call the learner, check the shapes (m, r) and (r, n) and, with `product`, C @ R ~ A."""
    m, n = np.shape(A)
    pair = ctx.assert_tuple(ctx.learner.rank_factorization(A, *args), 2, what=what)
    C = ctx.assert_array(pair[0], what=f"C from {what}")
    R = ctx.assert_array(pair[1], what=f"R from {what}")
    if C.ndim != 2 or R.ndim != 2 or C.shape[0] != m or R.shape[1] != n or C.shape[1] != R.shape[0]:
        ctx.fail(f"{what} returned C of shape {C.shape} and R of shape {R.shape}; expected ({m}, r) and (r, {n})")
    if C.shape[1] != r:
        ctx.fail(f"{what} returned factors with r = {C.shape[1]} columns of C; the numerical rank is {r}"
                 + (f" ({why})" if why else ""))
    if product:
        A = np.asarray(A, dtype=float)
        error, size = np.linalg.norm(A - C @ R), np.linalg.norm(A)
        if error > 1e-8 * size:
            ctx.fail(f"{what}: ||A - C @ R|| = {error:.3g} is more than 1e-8 * ||A|| = {1e-8 * size:.3g}: "
                     "the factors must multiply back to A", actual=C @ R, expected=A)


@check("recovers A with r columns, for products of random factors at any scale", weight=3)
def products(ctx):
    for (m, n, r), scale in [((8, 6, 2), 1.0), ((5, 9, 4), 1e8), ((7, 7, 3), 1e-8), ((6, 10, 1), 1.0),
                             ((9, 4, 4), 1.0)]:
        A = _low_rank(ctx.rng, m, n, r, scale)
        _factors(ctx, A, r, f"rank_factorization(A {m}x{n} of rank {r}, scaled by {scale:g})",
                 why=f"A is a product of {m}x{r} and {r}x{n} factors; rounding leaves tiny singular values "
                     "that the default tolerance must ignore")


@check("the default tolerance scales with the largest singular value", weight=2)
def relative_default(ctx):
    base = _low_rank(ctx.rng, 6, 5, 2)
    for scale in (1e-12, 1e12):
        _factors(ctx, base * scale, 2, f"rank_factorization(A * {scale:g}) for A of rank 2",
                 why="scaling a matrix does not change its rank: the default tolerance is "
                     "s_max * max(m, n) * eps, relative to the largest singular value")


@check("uses the tolerance it is given", weight=2)
def given_tolerance(ctx):
    A = _low_rank(ctx.rng, 9, 7, 3) + 1e-6 * ctx.rng.standard_normal((9, 7))
    _factors(ctx, A, 7, "rank_factorization(A) for A of rank 3 plus noise of size 1e-6",
             why="the noise is far above the default tolerance, so every direction counts")
    _factors(ctx, A, 3, "rank_factorization(A, tol=1e-3)", 1e-3, product=False,
             why="with tol=1e-3 the noise directions (singular values near 1e-6) must not count")


@check("tol = 0 keeps every nonzero singular value; a value equal to tol is dropped")
def tolerance_edges(ctx):
    D = np.diag([3.0, 2.0, 1.0, 1e-20])
    _factors(ctx, D, 3, "rank_factorization(diag(3, 2, 1, 1e-20))",
             why="1e-20 is below the default tolerance 3 * 4 * eps")
    _factors(ctx, D, 4, "rank_factorization(diag(3, 2, 1, 1e-20), tol=0.0)", 0.0,
             why="tol=0.0 is a tolerance of zero, not a request for the default")
    _factors(ctx, D, 1, "rank_factorization(diag(3, 2, 1, 1e-20), tol=2.0)", 2.0, product=False,
             why="only singular values strictly greater than tol count; 2 is not greater than 2")


@check("works when the first columns of A are not independent", weight=2)
def dependent_first_columns(ctx):
    a, b = ctx.rng.standard_normal(5), ctx.rng.standard_normal(5)
    A = np.column_stack([a, 2 * a, b, a - b])  # rank 2, but columns 0 and 1 are parallel
    _factors(ctx, A, 2, "rank_factorization(A with columns a, 2a, b, a - b)",
             why="the columns span two directions, a and b")


@check("rank 0: the zero matrix and empty dimensions give (m, 0) and (0, n) factors")
def rank_zero(ctx):
    for shape in [(3, 4), (0, 5), (4, 0)]:
        _factors(ctx, np.zeros(shape), 0, f"rank_factorization(zeros({shape}))",
                 why="no direction is used, so C has no columns and R no rows")


@check("integer matrices, full rank included")
def integers(ctx):
    A = np.array([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    _factors(ctx, A, 2, "rank_factorization([[1, 2, 3], [2, 4, 6], [1, 0, 1]])",
             why="the second row is twice the first, and the third is independent")
    B = ctx.rng.integers(-3, 4, size=(4, 4)) + 10 * np.eye(4, dtype=int)  # diagonally dominant: invertible
    _factors(ctx, B, 4, "rank_factorization(an invertible 4x4 integer matrix)", why="every column is needed")

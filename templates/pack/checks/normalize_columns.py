"""Hidden checks for normalize-columns: `pack release` leaves this file out of the student copy.

Judge properties rather than one expected output where you can (here: unit norms, same
direction), so every correct answer passes. Weights set each check's share of the score.
"""

import numpy as np

from tutor.checks import check


@check("every column has norm 1 and keeps its direction", weight=2)
def unit_columns(ctx):
    A = ctx.rng.standard_normal((6, 4)) * ctx.rng.uniform(0.1, 10, size=4)
    got = ctx.assert_array(ctx.learner.normalize_columns(A), what="normalize_columns(A)", shape=A.shape)
    ctx.assert_close(np.linalg.norm(got, axis=0), np.ones(4), what="the column norms of the result",
                     message="every column must have length 1")
    ctx.assert_close(got, A / np.linalg.norm(A, axis=0), what="normalize_columns(A)",
                     message="each column must point the same way as in A")


@check("a column of zeros stays zero")
def zero_column(ctx):
    A = ctx.rng.standard_normal((3, 3))
    A[:, 1] = 0.0
    expected = A / np.where(np.linalg.norm(A, axis=0) == 0, 1.0, np.linalg.norm(A, axis=0))
    ctx.assert_close(ctx.learner.normalize_columns(A), expected, what="normalize_columns(A with a zero column)",
                     message="a zero column has no direction: leave it at zero")


@check("accepts an integer matrix")
def integers(ctx):
    A = ctx.rng.integers(1, 9, size=(4, 3))
    ctx.assert_close(ctx.learner.normalize_columns(A), A / np.linalg.norm(A, axis=0),
                     what="normalize_columns(an integer matrix)")

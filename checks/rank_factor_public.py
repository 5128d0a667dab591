"""Public checks for rank-factor."""

import numpy as np

from tutor.checks import check


@check("a rank-1 matrix is one column times one row")
def rank_one(ctx):
    A = np.outer([1.0, 2.0, 3.0], [1.0, 0.0, 2.0])
    C, R = ctx.assert_tuple(ctx.learner.rank_factorization(A), 2,
                            what="rank_factorization(outer([1, 2, 3], [1, 0, 2]))")
    C = ctx.assert_array(C, what="C", shape=(3, 1))
    R = ctx.assert_array(R, what="R", shape=(1, 3))
    ctx.assert_close(C @ R, A, what="C @ R", message="the two factors must multiply back to A")


@check("the zero matrix has rank 0: factors with no columns and no rows")
def zero_matrix(ctx):
    C, R = ctx.assert_tuple(ctx.learner.rank_factorization(np.zeros((2, 3))), 2,
                            what="rank_factorization(zeros((2, 3)))")
    ctx.assert_array(C, what="C", shape=(2, 0))
    ctx.assert_array(R, what="R", shape=(0, 3))

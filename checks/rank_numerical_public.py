"""Public checks for rank-numerical."""

import numpy as np

from tutor.checks import check


@check("small matrices with a known rank")
def known_ranks(ctx):
    ctx.assert_int(ctx.learner.numerical_rank(np.array([[1.0, 2.0], [2.0, 4.0]])), 1,
                   what="numerical_rank([[1, 2], [2, 4]])",
                   message="the second row is twice the first, so the rank is 1")
    ctx.assert_int(ctx.learner.numerical_rank(np.eye(3)), 3, what="numerical_rank(I_3)",
                   message="the identity uses every direction")


@check("the zero matrix has rank 0")
def zero_matrix(ctx):
    ctx.assert_int(ctx.learner.numerical_rank(np.zeros((3, 4))), 0, what="numerical_rank(zeros((3, 4)))",
                   message="no direction is used")

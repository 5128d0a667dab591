"""Public checks for rank-span."""

import numpy as np

from tutor.checks import check


@check("a plane in 3-D space: inside and outside")
def plane(ctx):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    ctx.assert_bool(ctx.learner.in_column_space(X, np.array([2.0, -3.0, 0.0])), True,
                    what="in_column_space(X, [2, -3, 0])", message="[2, -3, 0] = 2 * column 1 - 3 * column 2")
    ctx.assert_bool(ctx.learner.in_column_space(X, np.array([0.0, 0.0, 1.0])), False,
                    what="in_column_space(X, [0, 0, 1])", message="both columns have a 0 in the last entry")


@check("counts the numbers in a rank-k factorization")
def lora_count(ctx):
    ctx.assert_int(ctx.learner.lowrank_param_count(4096, 4096, 4), 32768, what="lowrank_param_count(4096, 4096, 4)",
                   message="4 * (4096 + 4096) numbers")

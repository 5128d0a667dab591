"""Public checks for lora-from-delta."""

import numpy as np

from tutor.checks import check


@check("a rank-1 change is recovered exactly by r = 1")
def rank_one(ctx):
    delta = np.outer(ctx.rng.standard_normal(5), ctx.rng.standard_normal(3))
    B, A = ctx.assert_tuple(ctx.learner.lora_from_delta(delta, 1), 2, what="lora_from_delta(delta 5x3 of rank 1, 1)")
    B = ctx.assert_array(B, what="B", shape=(5, 1))
    A = ctx.assert_array(A, what="A", shape=(1, 3))
    ctx.assert_close(B @ A, delta, what="B @ A", message="a rank-1 matrix is its own best rank-1 approximation")

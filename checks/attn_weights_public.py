"""Public checks for attn-weights."""

import numpy as np

from tutor.checks import check


@check("causal_mask(3) is the lower triangle")
def causal_small(ctx):
    expected = np.array([[True, False, False], [True, True, False], [True, True, True]])
    got = ctx.assert_array(ctx.learner.causal_mask(3), what="causal_mask(3)", shape=(3, 3), kind="b")
    ctx.assert_close(got, expected, what="causal_mask(3)", message="position i may see positions j <= i")


@check("identical keys give uniform weights")
def uniform(ctx):
    Q = ctx.rng.standard_normal((2, 4))
    K = np.tile(ctx.rng.standard_normal(4), (3, 1))
    V = ctx.rng.standard_normal((3, 2))
    out, weights = ctx.assert_tuple(ctx.learner.attention(Q, K, V), 2, what="attention(Q, K with 3 equal rows, V)")
    ctx.assert_close(weights, np.full((2, 3), 1 / 3), what="weights",
                     message="three equal scores share the weight equally")
    ctx.assert_close(out, np.tile(V.mean(axis=0), (2, 1)), what="out", message="equal weights average the values")

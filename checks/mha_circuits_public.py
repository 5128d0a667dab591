"""Public checks for mha-circuits."""

import numpy as np

from tutor.checks import check


@check("a head's QK circuit has shape (d_model, d_model)")
def qk_shape(ctx):
    W_Q, W_K = ctx.rng.standard_normal((6, 6)), ctx.rng.standard_normal((6, 6))
    got = ctx.assert_array(ctx.learner.qk_circuit(W_Q, W_K, 3, 1), what="qk_circuit(W_Q 6x6, W_K 6x6, 3, 1)",
                           shape=(6, 6))
    ctx.assert_close(got, W_Q[:, 2:4] @ W_K[:, 2:4].T, what="qk_circuit(W_Q, W_K, 3, 1)",
                     message="head 1 of 3 uses columns 2:4 of W_Q and W_K")


@check("factored_svd rebuilds A @ B")
def rebuilds(ctx):
    A, B = ctx.rng.standard_normal((5, 2)), ctx.rng.standard_normal((2, 4))
    U, S, Vh = ctx.assert_tuple(ctx.learner.factored_svd(A, B), 3, what="factored_svd(A 5x2, B 2x4)")
    U = ctx.assert_array(U, what="U", shape=(5, 2))
    S = ctx.assert_array(S, what="S", shape=(2,))
    Vh = ctx.assert_array(Vh, what="Vh", shape=(2, 4))
    ctx.assert_close(U @ np.diag(S) @ Vh, A @ B, what="U @ diag(S) @ Vh", message="must equal A @ B")

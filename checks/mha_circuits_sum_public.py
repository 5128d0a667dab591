"""Public checks for mha-circuits-sum."""

import numpy as np

from tutor.checks import check


def attend(X, W_Q, W_K, W_V, W_O):
    scores = (X @ W_Q) @ (X @ W_K).T / np.sqrt(W_Q.shape[1])
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)) @ (X @ W_V) @ W_O


@check("one head is plain scaled dot-product attention followed by W_O")
def single_head(ctx):
    X = ctx.rng.standard_normal((4, 6))
    W_Q, W_K, W_V, W_O = (ctx.rng.standard_normal((6, 6)) / 2 for _ in range(4))
    ctx.assert_close(ctx.learner.mha_from_circuits(X, W_Q, W_K, W_V, W_O, 1), attend(X, W_Q, W_K, W_V, W_O),
                     what="mha_from_circuits(X 4x6, ..., n_heads=1)",
                     message="with one head: softmax(X W_QK X^T / sqrt(6)) X W_OV")


@check("two heads add up")
def two_heads(ctx):
    X = ctx.rng.standard_normal((5, 4))
    W_Q, W_K, W_V = (ctx.rng.standard_normal((4, 4)) / 2 for _ in range(3))
    W_O = ctx.rng.standard_normal((4, 4)) / 2
    want = (attend(X, W_Q[:, :2], W_K[:, :2], W_V[:, :2], W_O[:2])
            + attend(X, W_Q[:, 2:], W_K[:, 2:], W_V[:, 2:], W_O[2:]))
    ctx.assert_close(ctx.learner.mha_from_circuits(X, W_Q, W_K, W_V, W_O, 2), want,
                     what="mha_from_circuits(X 5x4, ..., n_heads=2)",
                     message="head 0 uses columns 0:2 (rows 0:2 of W_O), head 1 columns 2:4; add their outputs")

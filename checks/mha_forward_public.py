"""Public checks for mha-forward."""

import numpy as np

from tutor.checks import check


def one_head(X, W_Q, W_K, W_V, W_O):
    scores = (X @ W_Q) @ (X @ W_K).T / np.sqrt(W_Q.shape[1])
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)) @ (X @ W_V) @ W_O


@check("one head is plain scaled dot-product attention followed by W_O")
def single_head(ctx):
    X = ctx.rng.standard_normal((4, 6))
    W_Q, W_K, W_V, W_O = (ctx.rng.standard_normal((6, 6)) for _ in range(4))
    got = ctx.learner.multi_head_attention(X, W_Q, W_K, W_V, W_O, 1)
    ctx.assert_close(got, one_head(X, W_Q, W_K, W_V, W_O), what="multi_head_attention(X 4x6, ..., n_heads=1)",
                     message="with one head: softmax((X W_Q)(X W_K)^T / sqrt(6)) (X W_V) W_O")

"""Hidden checks for mha-circuits-sum: compared with multi-head attention computed the usual way
(heads side by side, then W_O), which agrees with the circuit route to rounding."""

import numpy as np

from tutor.checks import check


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def reference(X, W_Q, W_K, W_V, W_O, n_heads, causal=False):
    n, d_head = X.shape[0], W_Q.shape[1] // n_heads
    heads = []
    for h in range(n_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        scores = (X @ W_Q[:, cols]) @ (X @ W_K[:, cols]).T / np.sqrt(d_head)
        if causal:
            scores = np.where(np.tril(np.ones((n, n), dtype=bool)), scores, -np.inf)
        heads.append(softmax(scores) @ (X @ W_V[:, cols]))
    return np.concatenate(heads, axis=1) @ W_O


def weights(rng, d_model, n_heads, d_head, scale=1.0):
    width = n_heads * d_head
    s = scale / np.sqrt(d_model)
    return [s * rng.standard_normal((d_model, width)) for _ in range(3)] + [s * rng.standard_normal((width, d_model))]


@check("equals multi-head attention for several heads", weight=3)
def several_heads(ctx):
    for n_heads, d_head in ((2, 4), (4, 2)):
        X = 2 * ctx.rng.standard_normal((6, 8))
        W = weights(ctx.rng, 8, n_heads, d_head, scale=2.0)
        ctx.assert_close(ctx.learner.mha_from_circuits(X, *W, n_heads), reference(X, *W, n_heads),
                         what=f"mha_from_circuits(X 6x8, n_heads={n_heads}, d_head={d_head})", rtol=1e-7, atol=1e-10,
                         message=f"the sum over heads of softmax(X W_QK[h] X^T / sqrt({d_head})) X W_OV[h]")


@check("heads narrower than d_model / n_heads")
def narrow_heads(ctx):
    X = ctx.rng.standard_normal((5, 12))
    W = weights(ctx.rng, 12, 3, 2, scale=2.0)
    ctx.assert_close(ctx.learner.mha_from_circuits(X, *W, 3), reference(X, *W, 3),
                     what="mha_from_circuits(X 5x12, W_Q 12x6, n_heads=3)", rtol=1e-7, atol=1e-10,
                     message="d_head is the number of columns of W_Q divided by n_heads (6 / 3 = 2)")


@check("causal: position i sees only positions j <= i", weight=2)
def causal(ctx):
    X = ctx.rng.standard_normal((6, 8))
    W = weights(ctx.rng, 8, 2, 4, scale=2.0)
    got = ctx.assert_array(ctx.learner.mha_from_circuits(X, *W, 2, causal=True),
                           what="mha_from_circuits(X 6x8, n_heads=2, causal=True)", shape=(6, 8))
    changed = X.copy()
    changed[3:] = ctx.rng.standard_normal((3, 8))
    again = ctx.assert_array(ctx.learner.mha_from_circuits(changed, *W, 2, causal=True),
                             what="mha_from_circuits(X with rows 3-5 changed, causal=True)", shape=(6, 8))
    ctx.assert_close(again[:3], got[:3], what="rows 0-2 of the causal output after changing rows 3-5 of X",
                     message="with causal=True, earlier positions must not depend on later ones")
    ctx.assert_close(got, reference(X, *W, 2, causal=True), what="mha_from_circuits(X 6x8, n_heads=2, causal=True)",
                     rtol=1e-7, atol=1e-10, message="each head masks its scores above the diagonal before its softmax")


@check("stable when the scores are large")
def large_scores(ctx):
    X = 30 * ctx.rng.standard_normal((5, 6))
    W = weights(ctx.rng, 6, 2, 3, scale=3.0)
    ctx.assert_close(ctx.learner.mha_from_circuits(X, *W, 2), reference(X, *W, 2),
                     what="mha_from_circuits(X 5x6 with scores in the hundreds, n_heads=2)", rtol=1e-7, atol=1e-8,
                     message="each head's softmax must subtract its row's max score before exp()")


@check("raises ValueError when n_heads does not divide the width")
def bad_heads(ctx):
    X = ctx.rng.standard_normal((3, 6))
    W = weights(ctx.rng, 6, 1, 6)
    ctx.assert_raises(ValueError, ctx.learner.mha_from_circuits, X, *W, 4)
    ctx.assert_raises(ValueError, ctx.learner.mha_from_circuits, X, *W, 0)

"""Hidden checks for mha-forward."""

import numpy as np

from tutor.checks import check


def reference(X, W_Q, W_K, W_V, W_O, n_heads, causal=False):
    n, d_head = X.shape[0], W_Q.shape[1] // n_heads
    total = np.zeros((n, W_O.shape[1]))
    for h in range(n_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        scores = (X @ W_Q[:, cols]) @ (X @ W_K[:, cols]).T / np.sqrt(d_head)
        if causal:
            scores = np.where(np.tril(np.ones((n, n), dtype=bool)), scores, -np.inf)
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        total += (e / e.sum(axis=1, keepdims=True)) @ (X @ W_V[:, cols]) @ W_O[cols]
    return total


def weights(rng, d_model, n_heads, d_head):
    width = n_heads * d_head
    scale = 1 / np.sqrt(d_model)
    return [*(scale * rng.standard_normal((d_model, width)) for _ in range(3)),
            scale * rng.standard_normal((width, d_model))]


@check("matches the per-head definition for several heads", weight=3)
def several_heads(ctx):
    for n_heads, d_head in ((2, 4), (4, 2)):
        X = 2 * ctx.rng.standard_normal((6, 8))
        W = weights(ctx.rng, 8, n_heads, d_head)
        got = ctx.learner.multi_head_attention(X, *W, n_heads)
        ctx.assert_close(got, reference(X, *W, n_heads),
                         what=f"multi_head_attention(X 6x8, n_heads={n_heads}, d_head={d_head})", rtol=1e-7, atol=1e-10,
                         message=f"head h uses columns h*{d_head}:(h+1)*{d_head} and scales scores by 1/sqrt({d_head})")


@check("heads can be narrower than d_model / n_heads", weight=1)
def narrow_heads(ctx):
    X = ctx.rng.standard_normal((5, 12))
    W = weights(ctx.rng, 12, 3, 2)  # W_Q is 12 x 6: three heads of width 2
    got = ctx.learner.multi_head_attention(X, *W, 3)
    ctx.assert_close(got, reference(X, *W, 3), what="multi_head_attention(X 5x12, W_Q 12x6, n_heads=3)",
                     rtol=1e-7, atol=1e-10,
                     message="d_head is the number of columns of W_Q divided by n_heads (here 6 / 3 = 2)")


@check("causal: position i sees only positions j <= i", weight=2)
def causal(ctx):
    X = ctx.rng.standard_normal((6, 8))
    W = weights(ctx.rng, 8, 2, 4)
    got = ctx.assert_array(ctx.learner.multi_head_attention(X, *W, 2, causal=True),
                           what="multi_head_attention(..., causal=True)", shape=(6, 8))
    changed = X.copy()
    changed[3:] = ctx.rng.standard_normal((3, 8))
    again = ctx.assert_array(ctx.learner.multi_head_attention(changed, *W, 2, causal=True),
                             what="multi_head_attention(X with rows 3-5 changed, causal=True)", shape=(6, 8))
    ctx.assert_close(again[:3], got[:3], what="rows 0-2 of the causal output after changing rows 3-5 of X",
                     message="with causal=True, earlier positions must not depend on later ones")
    ctx.assert_close(got, reference(X, *W, 2, causal=True), what="multi_head_attention(X 6x8, n_heads=2, causal=True)",
                     rtol=1e-7, atol=1e-10, message="each head masks the scores above the diagonal before its softmax")


@check("raises ValueError when n_heads does not divide the width")
def bad_heads(ctx):
    X = ctx.rng.standard_normal((3, 6))
    W = weights(ctx.rng, 6, 1, 6)
    ctx.assert_raises(ValueError, ctx.learner.multi_head_attention, X, *W, 4)

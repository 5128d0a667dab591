"""Hidden checks for attn-weights."""

import numpy as np

from tutor.checks import check


def reference(Q, K, V, mask=None):
    scores = np.asarray(Q, dtype=float) @ np.asarray(K, dtype=float).T / np.sqrt(np.shape(Q)[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = e / e.sum(axis=-1, keepdims=True)
    return weights @ V, weights


def result(ctx, got, n_q, n_k, d_v, what):
    out, weights = ctx.assert_tuple(got, 2, what=what)
    weights = ctx.assert_array(weights, what=f"the weights of {what}", shape=(n_q, n_k))
    out = ctx.assert_array(out, what=f"the output of {what}", shape=(n_q, d_v))
    return out, weights


def rows_sum_to_one(ctx, weights, what):
    sums = weights.sum(axis=1)
    if not np.allclose(sums, 1.0, atol=1e-9):
        columns = weights.sum(axis=0)
        hint = (" (they sum to 1 down each column instead: is the softmax over the wrong axis?)"
                if np.allclose(columns, 1.0) else "")
        ctx.fail(f"{what}: each row of the weights must sum to 1, but the row sums are {np.round(sums, 4)}{hint}",
                 actual=weights)
    ctx.assert_true(np.all(weights >= 0), f"{what}: weights must be non-negative")


@check("weights = softmax(Q K^T / sqrt(d_k)) over the keys", weight=3)
def scaled(ctx):
    Q, K, V = ctx.rng.standard_normal((5, 16)), ctx.rng.standard_normal((7, 16)), ctx.rng.standard_normal((7, 3))
    what = "attention(Q 5x16, K 7x16, V 7x3)"
    out, weights = result(ctx, ctx.learner.attention(Q, K, V), 5, 7, 3, what)
    rows_sum_to_one(ctx, weights, what)
    want_out, want = reference(Q, K, V)
    ctx.assert_close(weights, want, what=f"the weights of {what}", rtol=1e-7, atol=1e-10,
                     message="differs from softmax(Q K^T / sqrt(d_k)) with d_k = 16 (the scores are divided by 4)")
    ctx.assert_close(out, want_out, what=f"the output of {what}", rtol=1e-7, atol=1e-10,
                     message="the output is weights @ V")


@check("every output is a convex combination of the value vectors")
def convex(ctx):
    Q, K = 3 * ctx.rng.standard_normal((6, 4)), 3 * ctx.rng.standard_normal((5, 4))
    V = ctx.rng.uniform(-1, 1, size=(5, 2))
    what = "attention(Q 6x4, K 5x4, V 5x2)"
    out, weights = result(ctx, ctx.learner.attention(Q, K, V), 6, 5, 2, what)
    rows_sum_to_one(ctx, weights, what)
    ctx.assert_close(out, weights @ V, what=f"the output of {what}", message="out must equal weights @ V")
    low, high = V.min(axis=0), V.max(axis=0)
    ctx.assert_true(np.all(out >= low - 1e-12) and np.all(out <= high + 1e-12),
                    f"{what}: an output lies outside the range of the values; a convex combination stays inside")


@check("masked keys get weight exactly 0, the others share all of it", weight=3)
def masked(ctx):
    Q, K, V = ctx.rng.standard_normal((6, 8)), ctx.rng.standard_normal((6, 8)), ctx.rng.standard_normal((6, 4))
    mask = ctx.rng.random((6, 6)) < 0.5
    mask[np.arange(6), ctx.rng.integers(0, 6, size=6)] = True
    what = f"attention(Q, K, V, mask with {int((~mask).sum())} False entries)"
    out, weights = result(ctx, ctx.learner.attention(Q, K, V, mask), 6, 6, 4, what)
    ctx.assert_true(np.all(weights[~mask] == 0.0),
                    f"{what}: where the mask is False the weight must be exactly 0; "
                    f"the largest is {np.abs(weights[~mask]).max():.3g}")
    rows_sum_to_one(ctx, weights, what)
    want_out, want = reference(Q, K, V, mask)
    ctx.assert_close(weights, want, what=f"the weights of {what}", rtol=1e-7, atol=1e-10,
                     message="the allowed keys must share the weight as a softmax over them alone")
    ctx.assert_close(out, want_out, what=f"the output of {what}", rtol=1e-7, atol=1e-10)


@check("causal_mask(n) is True exactly where j <= i", weight=2)
def causal(ctx):
    for n in (1, 4, 7):
        got = ctx.assert_array(ctx.learner.causal_mask(n), what=f"causal_mask({n})", shape=(n, n), kind="b")
        i, j = np.indices((n, n))
        ctx.assert_close(got, j <= i, what=f"causal_mask({n})",
                         message="entry [i, j] is True when j <= i: the past and the present")
    ctx.assert_array(ctx.learner.causal_mask(0), what="causal_mask(0)", shape=(0, 0), kind="b")


@check("with a causal mask, query i sees only keys j <= i", weight=2)
def causal_attention(ctx):
    n = 5
    X = ctx.rng.standard_normal((n, 6))
    mask = np.tril(np.ones((n, n), dtype=bool))
    what = "attention(X, X, X, causal_mask(5))"
    _, weights = result(ctx, ctx.learner.attention(X, X, X, mask), n, n, 6, what)
    ctx.assert_true(np.all(np.triu(weights, 1) == 0.0),
                    f"{what}: weights above the diagonal (future positions) must be exactly 0")
    ctx.assert_close(weights[0], np.eye(n)[0], what=f"row 0 of the weights of {what}",
                     message="the first position sees only itself")
    _, want = reference(X, X, X, mask)
    ctx.assert_close(weights, want, what=f"the weights of {what}", rtol=1e-7, atol=1e-10)


@check("stable when scores are around 1e3")
def large_scores(ctx):
    Q, K = 40 * ctx.rng.standard_normal((4, 4)), 40 * ctx.rng.standard_normal((6, 4))
    V = ctx.rng.standard_normal((6, 2))
    what = "attention(Q, K, V) with scores up to about 1e3"
    _, weights = result(ctx, ctx.learner.attention(Q, K, V), 4, 6, 2, what)
    _, want = reference(Q, K, V)
    ctx.assert_close(weights, want, what=f"the weights of {what}", rtol=1e-7, atol=1e-10,
                     message="subtract each row's max score before exp()")


@check("integer inputs")
def integer_inputs(ctx):
    Q, K, V = (ctx.rng.integers(-2, 3, size=shape) for shape in ((3, 4), (5, 4), (5, 2)))
    what = "attention(integer Q, K, V)"
    _, weights = result(ctx, ctx.learner.attention(Q, K, V), 3, 5, 2, what)
    _, want = reference(Q, K, V)
    ctx.assert_close(weights, want, what=f"the weights of {what}", rtol=1e-7, atol=1e-10)

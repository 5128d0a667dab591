"""Hidden checks for lora-forward."""

import numpy as np

from tutor.checks import check


def forward(X, W, A, B, alpha):
    return X @ W.T + (alpha / A.shape[0]) * (X @ A.T) @ B.T


def merge(W, A, B, alpha):
    return W + (alpha / A.shape[0]) * B @ A


def layer(rng, n, d_out, d_in, r):
    return (rng.standard_normal((n, d_in)), rng.standard_normal((d_out, d_in)),
            rng.standard_normal((r, d_in)), rng.standard_normal((d_out, r)))


@check("lora_forward is X W^T + (alpha / r) X A^T B^T", weight=3)
def forward_values(ctx):
    for n, d_out, d_in, r, alpha in ((5, 6, 4, 2, 16.0), (3, 3, 7, 3, 1.0), (4, 5, 5, 1, 4.0)):
        X, W, A, B = layer(ctx.rng, n, d_out, d_in, r)
        ctx.assert_close(ctx.learner.lora_forward(X, W, A, B, alpha), forward(X, W, A, B, alpha),
                         what=f"lora_forward(X {n}x{d_in}, W {d_out}x{d_in}, A {r}x{d_in}, B {d_out}x{r}, {alpha:g})",
                         rtol=1e-9, atol=1e-10,
                         message=f"the update is scaled by alpha / r = {alpha / r:g}")


@check("lora_merge is W + (alpha / r) B A", weight=2)
def merge_values(ctx):
    for d_out, d_in, r, alpha in ((6, 4, 2, 16.0), (3, 8, 3, 2.0)):
        _, W, A, B = layer(ctx.rng, 1, d_out, d_in, r)
        ctx.assert_close(ctx.learner.lora_merge(W, A, B, alpha), merge(W, A, B, alpha),
                         what=f"lora_merge(W {d_out}x{d_in}, A {r}x{d_in}, B {d_out}x{r}, {alpha:g})",
                         rtol=1e-9, atol=1e-10,
                         message="the merged weight has W's shape, d_out x d_in: W + (alpha / r) B @ A")


@check("the merged layer computes the same outputs")
def merged_matches(ctx):
    X, W, A, B = layer(ctx.rng, 4, 7, 5, 3)
    merged = ctx.assert_array(ctx.learner.lora_merge(W, A, B, 6.0), what="lora_merge(W 7x5, A 3x5, B 7x3, 6)",
                              shape=(7, 5))
    out = ctx.assert_array(ctx.learner.lora_forward(X, W, A, B, 6.0), what="lora_forward(X 4x5, W, A, B, 6)",
                           shape=(4, 7))
    ctx.assert_close(X @ merged.T, out, what="X @ lora_merge(...).T against lora_forward(...)", rtol=1e-9, atol=1e-10,
                     message="merging must not change what the layer computes")


@check("integer arrays and an integer alpha")
def integers(ctx):
    X, W, A, B = (ctx.rng.integers(-3, 4, size=shape) for shape in ((2, 3), (4, 3), (2, 3), (4, 2)))
    ctx.assert_close(ctx.learner.lora_forward(X, W, A, B, 3), forward(X, W, A, B, 3),
                     what="lora_forward(integer arrays, alpha=3)", rtol=1e-9, atol=1e-10,
                     message="alpha / r = 3 / 2 = 1.5, not 1: divide as floats")


@check("both reject a B of shape (1, r), which NumPy would broadcast", weight=2)
def broadcast_b(ctx):
    X, W, A, _ = layer(ctx.rng, 3, 5, 4, 2)
    B = ctx.rng.standard_normal((1, 2))
    ctx.assert_raises(ValueError, ctx.learner.lora_forward, X, W, A, B, 8.0)
    ctx.assert_raises(ValueError, ctx.learner.lora_merge, W, A, B, 8.0)


@check("both reject r = 0")
def zero_rank(ctx):
    X, W = ctx.rng.standard_normal((3, 4)), ctx.rng.standard_normal((5, 4))
    A, B = np.zeros((0, 4)), np.zeros((5, 0))
    ctx.assert_raises(ValueError, ctx.learner.lora_forward, X, W, A, B, 8.0)
    ctx.assert_raises(ValueError, ctx.learner.lora_merge, W, A, B, 8.0)


@check("lora_param_count is r (d_in + d_out)")
def counts(ctx):
    for d_out, d_in, r in ((768, 768, 4), (4096, 11008, 16), (10, 3, 1)):
        ctx.assert_int(ctx.learner.lora_param_count(d_out, d_in, r), r * (d_in + d_out),
                       what=f"lora_param_count({d_out}, {d_in}, {r})",
                       message="only A (r x d_in) and B (d_out x r) are trained; W stays frozen")
    ctx.assert_raises(ValueError, ctx.learner.lora_param_count, 10, 3, 0)

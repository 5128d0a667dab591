"""Public checks for lora-forward."""

import numpy as np

from tutor.checks import check


@check("a rank-8 adapter of a 4096 x 4096 layer trains 65,536 numbers")
def count(ctx):
    ctx.assert_int(ctx.learner.lora_param_count(4096, 4096, 8), 65536, what="lora_param_count(4096, 4096, 8)",
                   message="B is 4096 x 8 and A is 8 x 4096: r * (d_in + d_out)")


@check("with B = 0 the layer is the pretrained one")
def zero_b(ctx):
    X, W = ctx.rng.standard_normal((3, 5)), ctx.rng.standard_normal((4, 5))
    A, B = ctx.rng.standard_normal((2, 5)), np.zeros((4, 2))
    ctx.assert_close(ctx.learner.lora_forward(X, W, A, B, 8.0), X @ W.T,
                     what="lora_forward(X 3x5, W 4x5, A 2x5, B = 0, 8)",
                     message="B A = 0, so the output is X @ W.T (W is d_out x d_in: transpose it)")

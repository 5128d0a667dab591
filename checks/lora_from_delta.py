"""Hidden checks for lora-from-delta.

Only the product B @ A is judged (any split of the singular values, any sign, any invertible
M between the factors is accepted); where the best rank-r approximation is not unique the check
compares the error with the optimum and the rank instead.
"""

import numpy as np

from tutor.checks import check


def best(delta, r):
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return (U[:, :r] * s[:r]) @ Vt[:r]


def factors(ctx, got, d_out, d_in, r, what):
    B, A = ctx.assert_tuple(got, 2, what=what)
    B = ctx.assert_array(B, what=f"B from {what}", shape=(d_out, r))
    A = ctx.assert_array(A, what=f"A from {what}", shape=(r, d_in))
    return B, A


@check("B @ A is the best rank-r approximation of delta", weight=3)
def product(ctx):
    for d_out, d_in, r in ((8, 6, 2), (5, 9, 3), (7, 7, 1), (64, 48, 8), (24, 40, 5)):  # and layer-like sizes
        delta = ctx.rng.standard_normal((d_out, d_in))
        what = f"lora_from_delta(delta {d_out}x{d_in}, {r})"
        B, A = factors(ctx, ctx.learner.lora_from_delta(delta, r), d_out, d_in, r, what)
        ctx.assert_close(B @ A, best(delta, r), what=f"B @ A from {what}", rtol=1e-8, atol=1e-10,
                         message=f"must equal the sum of the {r} largest singular triplets s_i u_i v_i^T")


@check("the error is what the dropped singular values say", weight=2)
def error(ctx):
    delta = ctx.rng.standard_normal((10, 8)) @ np.diag(np.linspace(3, 0.1, 8))
    s = np.linalg.svd(delta, compute_uv=False)
    for r in (1, 4, 8):
        what = f"lora_from_delta(delta 10x8, {r})"
        B, A = factors(ctx, ctx.learner.lora_from_delta(delta, r), 10, 8, r, what)
        ctx.assert_scalar(float(np.linalg.norm(delta - B @ A)), float(np.sqrt((s[r:] ** 2).sum())),
                          what=f"||delta - B @ A||_F for {what}", rtol=1e-8, atol=1e-10,
                          message="Eckart-Young: the best error is the root of the sum of the dropped s_i^2")


@check("a change of rank 2 asked for r = 4: B @ A is the change itself")
def low_rank(ctx):
    delta = ctx.rng.standard_normal((9, 2)) @ ctx.rng.standard_normal((2, 6))
    what = "lora_from_delta(delta 9x6 of rank 2, 4)"
    B, A = factors(ctx, ctx.learner.lora_from_delta(delta, 4), 9, 6, 4, what)
    ctx.assert_close(B @ A, delta, what=f"B @ A from {what}", rtol=1e-8, atol=1e-9,
                     message="with r above the rank nothing is dropped; the extra directions carry 0")


@check("tied singular values: any best rank-r approximation")
def ties(ctx):
    Q1 = np.linalg.qr(ctx.rng.standard_normal((6, 4)))[0]
    Q2 = np.linalg.qr(ctx.rng.standard_normal((5, 4)))[0]
    delta = Q1 @ np.diag([3.0, 2.0, 2.0, 1.0]) @ Q2.T  # s_2 = s_3: the rank-2 optimum is not unique
    what = "lora_from_delta(delta 6x5 with s = 3, 2, 2, 1, 0, 2)"
    B, A = factors(ctx, ctx.learner.lora_from_delta(delta, 2), 6, 5, 2, what)
    product = B @ A
    ctx.assert_scalar(float(np.linalg.norm(delta - product)), float(np.sqrt(2.0**2 + 1.0**2)),
                      what=f"||delta - B @ A||_F for {what}", rtol=1e-8,
                      message="the best rank-2 error drops the singular values 2 and 1: sqrt(5)")
    ctx.assert_true(int(np.linalg.matrix_rank(product, tol=1e-8)) <= 2, f"B @ A from {what} must have rank at most 2")


@check("raises ValueError unless 1 <= r <= min(d_out, d_in)")
def bad_rank(ctx):
    delta = ctx.rng.standard_normal((4, 3))
    ctx.assert_raises(ValueError, ctx.learner.lora_from_delta, delta, 0)
    ctx.assert_raises(ValueError, ctx.learner.lora_from_delta, delta, 4)
    ctx.assert_raises(ValueError, ctx.learner.lora_from_delta, delta, -1)

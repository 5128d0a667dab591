"""Hidden checks for mha-circuits.

factored_svd is judged by properties that every correct answer has (orthonormal U and Vh,
singular values equal to those of A @ B in decreasing order, U diag(S) Vh = A @ B), so sign
flips and any algorithm are accepted. One check uses a product too large to form in memory;
its comparisons go through the factors too.
"""

import numpy as np

from tutor.checks import check

BIG = 20_000  # a 20000 x 20000 float64 product needs 3.2 GB


def svd_parts(ctx, got, m, r, n, what):
    U, S, Vh = ctx.assert_tuple(got, 3, what=what)
    return (ctx.assert_array(U, what=f"U from {what}", shape=(m, r)),
            ctx.assert_array(S, what=f"S from {what}", shape=(r,)),
            ctx.assert_array(Vh, what=f"Vh from {what}", shape=(r, n)))


def orthonormal(ctx, U, Vh, what):
    r = U.shape[1]
    ctx.assert_close(U.T @ U, np.eye(r), what=f"U^T U from {what}", atol=1e-8,
                     message="the columns of U must be orthonormal (U^T U = I)")
    ctx.assert_close(Vh @ Vh.T, np.eye(r), what=f"Vh Vh^T from {what}", atol=1e-8,
                     message="the rows of Vh must be orthonormal (Vh Vh^T = I)")


def singular_values(ctx, S, expected, what):
    if np.any(np.diff(S) > 1e-12 * max(1.0, float(np.max(np.abs(S))))):
        ctx.fail(f"S from {what} must be in decreasing order, got {np.round(S, 4)}", actual=S, expected=expected)
    ctx.assert_close(S, expected, what=f"S from {what}", rtol=1e-7, atol=1e-9,
                     message="must be the singular values of A @ B")


def weights(rng, d_model, n_heads, d_head):
    width = n_heads * d_head
    return [rng.standard_normal((d_model, width)) for _ in range(3)] + [rng.standard_normal((width, d_model))]


@check("QK and OV circuits of every head", weight=2)
def circuits(ctx):
    W_Q, W_K, W_V, W_O = weights(ctx.rng, 8, 4, 2)
    for h in range(4):
        cols = slice(2 * h, 2 * h + 2)
        qk = ctx.learner.qk_circuit(W_Q, W_K, 4, h)
        ov = ctx.learner.ov_circuit(W_V, W_O, 4, h)
        ctx.assert_close(qk, W_Q[:, cols] @ W_K[:, cols].T, what=f"qk_circuit(W_Q, W_K, 4, {h})",
                         message=f"head {h} of 4 is W_Q[:, {2 * h}:{2 * h + 2}] @ W_K[:, {2 * h}:{2 * h + 2}].T")
        ctx.assert_close(ov, W_V[:, cols] @ W_O[cols, :], what=f"ov_circuit(W_V, W_O, 4, {h})",
                         message=f"head {h} of 4 is W_V[:, {2 * h}:{2 * h + 2}] @ W_O[{2 * h}:{2 * h + 2}, :]")


@check("each circuit has rank at most d_head; the heads add up to the full product")
def low_rank(ctx):
    W_Q, W_K, _, _ = weights(ctx.rng, 12, 3, 2)
    qks = [ctx.assert_array(ctx.learner.qk_circuit(W_Q, W_K, 3, h), what=f"qk_circuit(..., 3, {h})", shape=(12, 12))
           for h in range(3)]
    for h, qk in enumerate(qks):
        rank = int(np.linalg.matrix_rank(qk))
        ctx.assert_true(rank <= 2, f"qk_circuit(W_Q 12x6, W_K 12x6, 3, {h}) has rank {rank}; "
                                   "a head of width 2 gives rank at most 2")
    ctx.assert_close(sum(qks), W_Q @ W_K.T, what="the sum of the three heads' QK circuits",
                     message="the heads' blocks of columns partition W_Q and W_K, "
                             "so their circuits add up to W_Q W_K^T")


@check("circuits raise ValueError for a bad head or head count")
def circuit_errors(ctx):
    W = ctx.rng.standard_normal((6, 6))
    ctx.assert_raises(ValueError, ctx.learner.qk_circuit, W, W, 3, 3)
    ctx.assert_raises(ValueError, ctx.learner.ov_circuit, W, W, 4, 0)


@check("factored_svd: orthonormal U and Vh, the singular values of A @ B, decreasing", weight=3)
def thin_svd(ctx):
    for m, r, n in ((9, 3, 7), (6, 4, 10)):
        A, B = ctx.rng.standard_normal((m, r)), ctx.rng.standard_normal((r, n))
        what = f"factored_svd(A {m}x{r}, B {r}x{n})"
        U, S, Vh = svd_parts(ctx, ctx.learner.factored_svd(A, B), m, r, n, what)
        singular_values(ctx, S, np.linalg.svd(A @ B, compute_uv=False)[:r], what)
        orthonormal(ctx, U, Vh, what)
        ctx.assert_close(U @ np.diag(S) @ Vh, A @ B, what=f"U @ diag(S) @ Vh from {what}", rtol=1e-7, atol=1e-9,
                         message="must equal A @ B")


@check("factored_svd of a product of rank below r stays orthonormal")
def deficient(ctx):
    A = ctx.rng.standard_normal((7, 2)) @ ctx.rng.standard_normal((2, 3))  # 3 columns, rank 2
    B = ctx.rng.standard_normal((3, 6))
    what = "factored_svd(A 7x3 of rank 2, B 3x6)"
    U, S, Vh = svd_parts(ctx, ctx.learner.factored_svd(A, B), 7, 3, 6, what)
    singular_values(ctx, S, np.linalg.svd(A @ B, compute_uv=False)[:3], what)
    orthonormal(ctx, U, Vh, what)
    ctx.assert_close(U @ np.diag(S) @ Vh, A @ B, what=f"U @ diag(S) @ Vh from {what}", rtol=1e-7, atol=1e-9)


@check("factored_svd works when A @ B is too large to form (20000 x 20000)", weight=2)
def too_large(ctx):
    r = 3
    A, B = ctx.rng.standard_normal((BIG, r)), ctx.rng.standard_normal((r, BIG))
    what = f"factored_svd(A {BIG}x{r}, B {r}x{BIG})"
    try:
        got = ctx.learner.factored_svd(A, B)
    except Exception as problem:
        if getattr(problem, "verdict", None) == "memory":
            ctx.fail(f"{what} ran out of memory: A @ B would be {BIG} x {BIG}, 3.2 GB. Work with the factors: "
                     "QR of A and of B.T, then the SVD of an r x r matrix")
        raise
    U, S, Vh = svd_parts(ctx, got, BIG, r, BIG, what)
    _, Ra = np.linalg.qr(A)
    _, Rb = np.linalg.qr(B.T)
    singular_values(ctx, S, np.linalg.svd(Ra @ Rb.T, compute_uv=False), what)
    orthonormal(ctx, U, Vh, what)
    probe = ctx.rng.standard_normal((BIG, 2))  # compare (A B) x with U S Vh x, never forming A B
    ctx.assert_close(U @ (S[:, None] * (Vh @ probe)), A @ (B @ probe), what=f"U diag(S) Vh x for random x, from {what}",
                     rtol=1e-7, atol=1e-7, message="must equal (A @ B) @ x")


@check("factored_svd raises ValueError for mismatched or too wide factors")
def svd_errors(ctx):
    ctx.assert_raises(ValueError, ctx.learner.factored_svd,
                      ctx.rng.standard_normal((5, 3)), ctx.rng.standard_normal((2, 4)))
    ctx.assert_raises(ValueError, ctx.learner.factored_svd,
                      ctx.rng.standard_normal((5, 4)), ctx.rng.standard_normal((4, 3)))

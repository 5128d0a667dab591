"""Hidden checks for svd-denoise.

Inputs are built with known singular values (A = Q1 diag(s) Q2^T with random orthonormal Q1, Q2),
placed on either side of the edge and of the usual wrong edges, so each mistake shows.
"""

import numpy as np

from tutor.checks import check


def _with_spectrum(rng, m, n, s):
    """An m x n matrix whose singular values are exactly `s` (up to rounding), in random directions."""
    Q1, _ = np.linalg.qr(rng.standard_normal((m, m)))
    Q2, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return (Q1[:, :len(s)] * np.asarray(s, dtype=float)) @ Q2[:, :len(s)].T


def _hard(A, edge):
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    keep = s > edge
    return (U[:, keep] * s[keep]) @ Vt[keep]


@check("noise_edge is sigma * (sqrt(m) + sqrt(n)) for every shape", weight=2)
def edges(ctx):
    cases = [(100, 25, 0.1), (512, 512, 30.0), (60, 15, 1.0), (7, 3, 2.5), (1, 1, 0.0)]
    got = [ctx.learner.noise_edge(m, n, sigma) for m, n, sigma in cases]
    for (m, n, sigma), value in zip(cases, got, strict=True):
        ctx.assert_scalar(value, sigma * (np.sqrt(m) + np.sqrt(n)), what=f"noise_edge({m}, {n}, {sigma})", rtol=1e-12,
                          message=f"sigma * (sqrt(m) + sqrt(n)) = {sigma} * ({np.sqrt(m):.4g} + {np.sqrt(n):.4g})")


@check("keeps exactly the singular values above the edge of A's own shape", weight=3)
def known_spectrum(ctx):
    # 60 x 15, sigma = 1: the edge is 7.746 + 3.873 = 11.62. sqrt(m + n) would give 8.66 and
    # 2 sqrt(max(m, n)) 15.49: the values 13 and 10 sit between them.
    s = [40.0, 13.0, 10.0, 6.0, 2.0, 1.0]
    A = _with_spectrum(ctx.rng, 60, 15, s)
    edge = np.sqrt(60) + np.sqrt(15)
    ctx.assert_close(ctx.learner.denoise(A, 1.0), _hard(A, edge),
                     what="denoise(A 60x15 with s = 40, 13, 10, 6, 2, 1, 1.0)",
                     message=f"the edge is sqrt(60) + sqrt(15) = {edge:.4g}: exactly 40 and 13 are above it, and "
                             "they stay whole (not shrunk)")
    B = _with_spectrum(ctx.rng, 12, 20, [9.0, 4.0, 0.6, 0.2])
    edge = 0.1 * (np.sqrt(12) + np.sqrt(20))
    ctx.assert_close(ctx.learner.denoise(B, 0.1), _hard(B, edge), what="denoise(B 12x20 with s = 9, 4, 0.6, 0.2, 0.1)",
                     message=f"the edge is 0.1 * (sqrt(12) + sqrt(20)) = {edge:.4g}, so 9 and 4 stay")


@check("denoises a planted low-rank matrix plus noise", weight=2)
def planted(ctx):
    m, n, sigma = 40, 30, 0.5
    signal = _with_spectrum(ctx.rng, m, n, [60.0, 40.0, 25.0])
    A = signal + sigma * ctx.rng.standard_normal((m, n))
    expected = _hard(A, sigma * (np.sqrt(m) + np.sqrt(n)))
    ctx.assert_close(ctx.learner.denoise(A, sigma), expected, what=f"denoise(rank 3 plus noise 40x30, {sigma})",
                     message="keep the triplets whose singular values exceed the edge, unchanged")


@check("a singular value exactly at the edge is dropped")
def at_the_edge(ctx):
    A = np.diag([5.0, 2.0, 1.0, 0.5])  # 4 x 4 and sigma = 0.5: the edge is 0.5 * (2 + 2) = 2 exactly
    ctx.assert_close(ctx.learner.denoise(A, 0.5), np.diag([5.0, 0.0, 0.0, 0.0]),
                     what="denoise(diag(5, 2, 1, 0.5), 0.5)",
                     message="the edge is 2 and s = 2 is not above it: keep only s_i > edge")


@check("sigma = 0 keeps A; integer input")
def no_noise(ctx):
    A = ctx.rng.standard_normal((5, 4))
    ctx.assert_close(ctx.learner.denoise(A, 0.0), A, what="denoise(A, 0.0)",
                     message="with no noise the edge is 0, and every nonzero singular value stays")
    B = np.array([[3, 0, 0], [0, 1, 0]])
    ctx.assert_close(ctx.learner.denoise(B, 0.4), np.array([[3.0, 0, 0], [0, 0, 0]]),
                     what="denoise([[3, 0, 0], [0, 1, 0]], 0.4)",
                     message="the edge is 0.4 * (sqrt(2) + sqrt(3)) = 1.26, between 1 and 3")


@check("both functions raise ValueError for sigma < 0")
def negative_sigma(ctx):
    ctx.assert_raises(ValueError, ctx.learner.noise_edge, 10, 10, -0.1)
    ctx.assert_raises(ValueError, ctx.learner.denoise, ctx.rng.standard_normal((4, 3)), -1.0)

"""Hidden checks for svd-compress.

Two pieces of the lesson's photograph (data/camera.npy at the pack's root, CC0, see
data/README.md) are passed to the learner's function as uint8 arguments: a 64 x 64 subsample and
a 40 x 56 crop. Random matrices have distinct singular values, so the best approximation is
unique and compared directly; the photograph pieces are judged against the Eckart-Young optimum.
"""

from functools import cache
from pathlib import Path

import numpy as np

from tutor.checks import check

PHOTO = Path(__file__).resolve().parent.parent / "data" / "camera.npy"


@cache
def _photo():
    return np.load(PHOTO, allow_pickle=False)


def _reference(image, k):
    A = np.asarray(image, dtype=np.float64)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    approx = (U[:, :k] * s[:k]) @ Vt[:k]
    return approx, s


def _judge(ctx, image, k, what, *, unique=True):
    m, n = image.shape
    result = ctx.assert_tuple(ctx.learner.compress(image, k), 3, what=what)
    approx = ctx.assert_array(result[0], what=f"approx from {what}", shape=(m, n))
    if approx.dtype != np.float64:
        ctx.fail(f"approx from {what} has dtype {approx.dtype}; it must be float64 (not converted back to the "
                 f"image's {np.asarray(image).dtype}, whose range cannot hold it)", actual=approx)
    expected, s = _reference(image, k)
    if unique:
        ctx.assert_close(approx, expected, what=f"approx from {what}", rtol=1e-6, atol=1e-6 * max(1.0, s[0]),
                         message="differs from the best rank-k approximation (the k leading singular triplets)")
    else:
        error, optimum = np.linalg.norm(image - approx), np.sqrt(np.sum(s[k:] ** 2))
        if error > optimum * (1 + 1e-6) + 1e-6:
            ctx.fail(f"approx from {what}: ||image - approx|| = {error:.6g} is above the Eckart-Young optimum "
                     f"{optimum:.6g}; is it clipped, rounded or missing a singular value?",
                     actual=approx, expected=expected)
    ctx.assert_scalar(result[1], k * (m + n + 1) / (m * n), what=f"stored_fraction from {what}", rtol=1e-12,
                      message=f"k (m + n + 1) / (m n) = {k} * {m + n + 1} / {m * n}: k columns of U, k rows of "
                              "V^T and k singular values")
    norm = np.linalg.norm(np.asarray(image, dtype=np.float64))
    ctx.assert_scalar(result[2], np.linalg.norm(image - expected) / norm, what=f"rel_error from {what}", rtol=1e-6,
                      atol=1e-12, message="||image - approx||_F / ||image||_F, computed in float64")


@check("random matrices: the best approximation, its stored fraction and its relative error", weight=3)
def random_matrices(ctx):
    for shape, ks in [((9, 7), (0, 1, 3, 7)), ((5, 8), (2, 5))]:
        A = 10 * ctx.rng.standard_normal(shape)
        for k in ks:
            _judge(ctx, A, k, f"compress(A {shape[0]}x{shape[1]}, {k})")


@check("pieces of the photograph, passed as uint8: float64 approximations, not clipped", weight=3)
def photograph(ctx):
    sub = _photo()[::8, ::8]  # 64 x 64, every eighth pixel
    for k in (3, 10):
        _judge(ctx, sub, k, f"compress(the photograph subsampled to 64x64 uint8, {k})", unique=False)
    r, c = ctx.rng.integers(0, 512 - 40), ctx.rng.integers(0, 512 - 56)
    crop = _photo()[r:r + 40, c:c + 56]
    k = int(ctx.rng.integers(1, 8))
    _judge(ctx, crop, k, f"compress(photograph[{r}:{r + 40}, {c}:{c + 56}] as uint8, {k})", unique=False)


@check("the stored fraction grows past 1 for large k", weight=2)
def stored_fraction(ctx):
    for (m, n), k in [((10, 10), 10), ((6, 4), 4), ((20, 5), 3), ((3, 30), 2)]:
        result = ctx.assert_tuple(ctx.learner.compress(ctx.rng.standard_normal((m, n)), k), 3,
                                  what=f"compress(image {m}x{n}, {k})")
        ctx.assert_scalar(result[1], k * (m + n + 1) / (m * n),
                          what=f"stored_fraction from compress(image {m}x{n}, {k})", rtol=1e-12,
                          message=f"{k} * ({m} + {n} + 1) / ({m} * {n}): the factors can hold more "
                                  "numbers than the image itself, so the fraction is not capped at 1")


@check("an all-zero image: zero approximation and relative error 0.0")
def zero_image(ctx):
    result = ctx.assert_tuple(ctx.learner.compress(np.zeros((4, 6)), 2), 3, what="compress(zeros((4, 6)), 2)")
    ctx.assert_close(result[0], np.zeros((4, 6)), what="approx from compress(zeros((4, 6)), 2)")
    ctx.assert_scalar(result[2], 0.0, what="rel_error from compress(zeros((4, 6)), 2)",
                      message="nothing to lose: the error of an all-zero image is 0.0, not 0 / 0")


@check("raises ValueError unless 0 <= k <= min(m, n)")
def bad_k(ctx):
    image = ctx.rng.standard_normal((3, 5))
    ctx.assert_raises(ValueError, ctx.learner.compress, image, 4)
    ctx.assert_raises(ValueError, ctx.learner.compress, image, -1)

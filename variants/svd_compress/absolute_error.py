"""Your rel_error is the absolute error ||image - approx||_F: it is not divided by ||image||_F. A relative error is a share of the image's own size, so that a picture with pixel values up to 255 and one scaled to 0..1 report the same number."""

import numpy as np


def _svd(image, k):
    A = np.asarray(image, dtype=np.float64)
    m, n = A.shape
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return A, (U[:, :k] * s[:k]) @ Vt[:k]


def compress(image, k):
    A, approx = _svd(image, k)
    m, n = A.shape
    return approx, k * (m + n + 1) / (m * n), float(np.linalg.norm(A - approx))

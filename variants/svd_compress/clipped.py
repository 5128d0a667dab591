"""You clipped the approximation to the pixel range 0..255. A truncated SVD is not bound to that range (a low-rank picture overshoots at sharp edges, and other matrices have negative entries), and the best rank-k approximation is the unclipped one: return it as it comes out of U_k S_k V_k^T."""

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
    approx = np.clip(approx, 0, 255)
    norm = np.linalg.norm(A)
    return approx, k * (m + n + 1) / (m * n), float(np.linalg.norm(A - approx) / norm) if norm else 0.0

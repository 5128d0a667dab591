"""You kept the singular values above lam unchanged and dropped the others: that is hard thresholding (the minimizer of 1/2 ||X - A||^2 + lam^2 / 2 * rank(X)). The nuclear norm's proximal step shrinks every singular value by lam: max(s - lam, 0)."""

import numpy as np


def shrink_singular_values(A, lam):
    if lam < 0:
        raise ValueError("lam < 0")
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    return (U * np.where(s > lam, s, 0.0)) @ Vt

"""You divided the singular values by 1 + lam. That is the minimizer of 1/2 ||X - A||^2 + lam / 2 * ||X||_F^2, a squared Frobenius penalty, which shrinks every value in proportion and never reaches zero. The nuclear norm subtracts the same lam from each: max(s - lam, 0)."""

import numpy as np


def shrink_singular_values(A, lam):
    if lam < 0:
        raise ValueError("lam < 0")
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    return (U * (s / (1.0 + lam))) @ Vt

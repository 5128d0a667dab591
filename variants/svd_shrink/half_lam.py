"""You shrank by lam / 2. With the objective 1/2 ||X - A||^2 + lam ||X||_*, the one-half sits on the squared error, not on the penalty: each singular value moves by lam, max(s - lam, 0)."""

import numpy as np


def shrink_singular_values(A, lam):
    if lam < 0:
        raise ValueError("lam < 0")
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    return (U * np.maximum(s - lam / 2, 0.0)) @ Vt

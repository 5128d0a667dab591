"""You accept a negative lam. A negative shrinkage would grow every singular value and no longer minimize anything sensible; raise ValueError if lam < 0."""

import numpy as np


def shrink_singular_values(A, lam):
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    return (U * np.maximum(s - lam, 0.0)) @ Vt

"""You subtracted lam without stopping at zero. A singular value below lam would become negative, flipping its direction instead of removing it: use np.maximum(s - lam, 0)."""

import numpy as np


def shrink_singular_values(A, lam):
    if lam < 0:
        raise ValueError("lam < 0")
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    return (U * (s - lam)) @ Vt

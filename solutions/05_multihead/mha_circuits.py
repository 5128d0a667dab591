"""Reference solution for mha-circuits."""

import numpy as np


def _head_columns(width, n_heads, head):
    if n_heads < 1 or width % n_heads:
        raise ValueError(f"n_heads = {n_heads} must be >= 1 and divide the width {width}")
    if not 0 <= head < n_heads:
        raise ValueError(f"head must be between 0 and {n_heads - 1}, got {head}")
    d_head = width // n_heads
    return slice(head * d_head, (head + 1) * d_head)


def qk_circuit(W_Q, W_K, n_heads, head):
    W_Q, W_K = np.asarray(W_Q, dtype=float), np.asarray(W_K, dtype=float)
    cols = _head_columns(W_Q.shape[1], n_heads, head)
    return W_Q[:, cols] @ W_K[:, cols].T


def ov_circuit(W_V, W_O, n_heads, head):
    W_V, W_O = np.asarray(W_V, dtype=float), np.asarray(W_O, dtype=float)
    cols = _head_columns(W_V.shape[1], n_heads, head)
    return W_V[:, cols] @ W_O[cols, :]


def factored_svd(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    (m, r), (r2, n) = A.shape, B.shape
    if r != r2:
        raise ValueError(f"A has {r} columns but B has {r2} rows")
    if r > min(m, n):
        raise ValueError(f"the inner dimension r = {r} must be at most min(m, n) = {min(m, n)}")
    Qa, Ra = np.linalg.qr(A)  # A = Qa Ra, Qa (m, r) orthonormal
    Qb, Rb = np.linalg.qr(B.T)  # B = Rb^T Qb^T, Qb (n, r) orthonormal
    Uc, S, Vch = np.linalg.svd(Ra @ Rb.T)  # A B = Qa (Ra Rb^T) Qb^T: only an r x r SVD
    return Qa @ Uc, S, Vch @ Qb.T

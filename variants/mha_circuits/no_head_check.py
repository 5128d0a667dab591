"""Your circuits accept a head that does not exist, or a head count that does not divide the width, and quietly return a slice of the wrong size. Raise ValueError unless n_heads >= 1 divides the number of columns and 0 <= head < n_heads."""

import numpy as np


def _head_columns(width, n_heads, head):
    d_head = width // n_heads
    return slice(head * d_head, (head + 1) * d_head)


def qk_circuit(W_Q, W_K, n_heads, head):
    cols = _head_columns(W_Q.shape[1], n_heads, head)
    return W_Q[:, cols] @ W_K[:, cols].T


def ov_circuit(W_V, W_O, n_heads, head):
    cols = _head_columns(W_V.shape[1], n_heads, head)
    return W_V[:, cols] @ W_O[cols, :]


def factored_svd(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.shape[1] != B.shape[0] or A.shape[1] > min(A.shape[0], B.shape[1]):
        raise ValueError("bad shapes")
    Qa, Ra = np.linalg.qr(A)
    Qb, Rb = np.linalg.qr(B.T)
    Uc, S, Vch = np.linalg.svd(Ra @ Rb.T)
    return Qa @ Uc, S, Vch @ Qb.T

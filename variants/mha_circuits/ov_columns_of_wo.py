"""Your OV circuit takes a block of columns of W_O. W_O maps the concatenated heads (its rows) back to d_model (its columns), so head h owns the rows h*d_head:(h+1)*d_head: W_V[:, cols] @ W_O[cols, :]."""

import numpy as np


def _head_columns(width, n_heads, head):
    if n_heads < 1 or width % n_heads or not 0 <= head < n_heads:
        raise ValueError("bad head")
    d_head = width // n_heads
    return slice(head * d_head, (head + 1) * d_head)


def qk_circuit(W_Q, W_K, n_heads, head):
    cols = _head_columns(W_Q.shape[1], n_heads, head)
    return W_Q[:, cols] @ W_K[:, cols].T


def ov_circuit(W_V, W_O, n_heads, head):
    cols = _head_columns(W_V.shape[1], n_heads, head)
    return W_V[:, cols] @ W_O[:, cols].T


def factored_svd(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.shape[1] != B.shape[0] or A.shape[1] > min(A.shape[0], B.shape[1]):
        raise ValueError("bad shapes")
    Qa, Ra = np.linalg.qr(A)
    Qb, Rb = np.linalg.qr(B.T)
    Uc, S, Vch = np.linalg.svd(Ra @ Rb.T)
    return Qa @ Uc, S, Vch @ Qb.T

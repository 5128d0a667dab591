"""Your singular values come out in increasing order: np.linalg.eigh sorts eigenvalues from smallest to largest, the opposite of np.linalg.svd. Reverse the order (of the values and of the vectors together), or use np.linalg.svd on the small r x r matrix."""

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
    return W_V[:, cols] @ W_O[cols, :]


def factored_svd(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.shape[1] != B.shape[0] or A.shape[1] > min(A.shape[0], B.shape[1]):
        raise ValueError("bad shapes")
    Qa, Ra = np.linalg.qr(A)
    Qb, Rb = np.linalg.qr(B.T)
    M = Ra @ Rb.T
    w, Uc = np.linalg.eigh(M @ M.T)
    S = np.sqrt(np.clip(w, 0.0, None))
    Vch = np.linalg.svd(M)[2][::-1]
    Vch = Vch * np.sign(np.sum((Uc.T @ M) * Vch, axis=1))[:, None]
    return Qa @ Uc, S, Vch @ Qb.T

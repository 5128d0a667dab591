"""You multiplied the singular values of A by those of B. The singular values of a product are not the products of the singular values (that holds only when A's right singular vectors line up with B's left ones). Bring the two factors together first: QR of A and of B.T, then one SVD of the r x r matrix Ra @ Rb.T."""

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
    Ua, sa, _ = np.linalg.svd(A, full_matrices=False)
    _, sb, Vhb = np.linalg.svd(B, full_matrices=False)
    return Ua, sa * sb, Vhb

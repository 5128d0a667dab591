"""Exercise lora-forward: a layer with a low-rank adapter.

LoRA keeps a pretrained weight W (d_out x d_in) frozen and learns a
change of rank r, the product B A of B (d_out x r) and A (r x d_in),
scaled by alpha / r. With the inputs as the rows of X, the layer
computes
    X @ W.T + (alpha / r) * X @ A.T @ B.T,
and X @ A.T is only n x r. After training the change can be merged
into the weight, W + (alpha / r) * B @ A, at no cost per input.
"""

import numpy as np


def lora_forward(X, W, A, B, alpha):
    """Return X @ W.T + (alpha / r) * X @ A.T @ B.T, of shape
    (n, d_out).

    X: (n, d_in) inputs, one per row. W: (d_out, d_in).
    A: (r, d_in) and B: (d_out, r), with r = A.shape[0].
    alpha: a number, the scale of the update is alpha / r.

    Raise ValueError unless the shapes fit exactly as written (all
    four arrays 2-D, the same d_in for X, W and A, and B of shape
    (d_out, r)) and r >= 1. Check them yourself: NumPy would
    broadcast a B of shape (1, r) without complaint.
    """
    raise NotImplementedError


def lora_merge(W, A, B, alpha):
    """Return the merged weight W + (alpha / r) * B @ A, of shape
    (d_out, d_in), with r = A.shape[0].

    Raise ValueError under the same conditions as lora_forward.
    """
    raise NotImplementedError


def lora_param_count(d_out, d_in, r):
    """Return the number of trainable numbers in A and B, an int:
    r * (d_in + d_out).

    Raise ValueError unless r >= 1 (and d_out, d_in >= 1).
    """
    raise NotImplementedError

"""You returned LoRA's training initialisation: B = 0 and A random, so B @ A = 0 and nothing of delta is kept. That start is for training from scratch; here delta is known, and its truncated SVD gives the factors directly."""

import numpy as np


def lora_from_delta(delta, r):
    delta = np.asarray(delta, dtype=float)
    if not 1 <= r <= min(delta.shape):
        raise ValueError("r must be between 1 and min(d_out, d_in)")
    rng = np.random.default_rng(0)
    return np.zeros((delta.shape[0], r)), rng.standard_normal((r, delta.shape[1]))

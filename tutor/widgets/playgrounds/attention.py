"""attn-weights and mha-circuits: attention patterns from the learner's own functions."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive

from tutor.widgets.playgrounds.base import Playground

TOKENS = ("the", "cat", "sat", "on", "the", "mat", "and", "slept")
D_MODEL, N_HEADS = 16, 4


@lru_cache(maxsize=1)
def toy_model():
    """Token embeddings X (8 x 16) and query/key/value weights, fixed by a seed."""
    import numpy as np

    rng = np.random.default_rng(5)
    X = rng.standard_normal((len(TOKENS), D_MODEL))
    X[4] = X[0]  # "the" twice: the same embedding
    W_Q, W_K, W_V = (rng.standard_normal((D_MODEL, D_MODEL)) / np.sqrt(D_MODEL) * 2 for _ in range(3))
    return X, W_Q, W_K, W_V


def softmax_rows(scores):
    import numpy as np

    shifted = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(shifted)
    return weights / weights.sum(axis=-1, keepdims=True)


class AttentionPlayground(Playground):
    """The weights of `attention(Q, K, V, mask)` over a toy sentence, with or without `causal_mask`."""

    BINDINGS = [Binding("c", "toggle_causal", "Causal", tooltip="Mask future tokens (causal_mask) or not")]
    CONTROLS = "[b]c[/b]: causal mask on/off. Each row (a query) is a convex combination: it sums to 1."

    causal: reactive[bool] = reactive(False)
    """Whether the pattern uses `causal_mask(n)`."""

    def watch_causal(self) -> None:
        if self.is_mounted and self.active:
            self.redraw()

    def action_toggle_causal(self) -> None:
        self.causal = not self.causal

    def compute(self, source: Path) -> RenderableType:
        import numpy as np

        from tutor.render import AttentionGrid

        X, W_Q, W_K, W_V = toy_model()
        mask = np.asarray(self.call(source, "causal_mask", len(TOKENS)), dtype=bool) if self.causal else None
        reply = self.call(source, "attention", X @ W_Q, X @ W_K, X @ W_V, mask)
        if not isinstance(reply, (tuple, list)) or len(reply) != 2:
            return Text("attention() should return (out, weights)", style="bold red")
        weights = np.asarray(reply[1], dtype=float)
        title = "attention weights, causal" if self.causal else "attention weights"
        return Group(AttentionGrid(weights, title=title, labels=list(TOKENS)))


class CircuitsPlayground(Playground):
    """Per-head attention patterns softmax(X W_QK^h X^T / sqrt(d_head)) from the learner's `qk_circuit`."""

    CONTROLS = f"{N_HEADS} heads of a toy model (d_model = {D_MODEL}); each pattern is softmax(X · qk_circuit(h) · Xᵀ / √d_head)."

    def compute(self, source: Path) -> RenderableType:
        import numpy as np

        from tutor.render import HeadGrid

        X, W_Q, W_K, _ = toy_model()
        d_head = D_MODEL // N_HEADS
        patterns = []
        for head in range(N_HEADS):
            circuit = np.asarray(self.call(source, "qk_circuit", W_Q, W_K, N_HEADS, head), dtype=float)
            if circuit.shape != (D_MODEL, D_MODEL):
                return Text(f"qk_circuit(..., head={head}) returned shape {circuit.shape}; "
                            f"expected ({D_MODEL}, {D_MODEL})", style="bold red")
            patterns.append(softmax_rows(X @ circuit @ X.T / np.sqrt(d_head)))
            self.report(head + 1, N_HEADS)
        return Group(Text("tokens: " + " ".join(TOKENS), style="dim"), HeadGrid(patterns))

"""attention and heads: attention patterns over a toy sentence from the learner's own functions.

attention: the weights of `attention(Q, K, V, mask)` with a temperature (the queries scaled by
1/T, so the scores are divided by T) and `causal_mask` on or off. heads: each head's pattern
softmax(X · qk_circuit(h) · Xᵀ / √d_head), one head chosen and drawn large with its circuit.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive

from tutor.widgets.playgrounds.base import Playground
from tutor.widgets.text import assemble

TOKENS = ("the", "cat", "sat", "on", "the", "mat", "and", "slept")
D_MODEL, N_HEADS = 16, 4
TEMPERATURES = (0.25, 0.5, 1.0, 2.0, 4.0)


@lru_cache(maxsize=4)
def toy_model(seed: int = 5) -> tuple[Any, Any, Any, Any]:
    """Token embeddings X (8 x 16) and query/key/value weights, fixed by ``seed``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    X = rng.standard_normal((len(TOKENS), D_MODEL))
    X[4] = X[0]  # "the" twice: the same embedding
    W_Q, W_K, W_V = (rng.standard_normal((D_MODEL, D_MODEL)) / np.sqrt(D_MODEL) * 2 for _ in range(3))
    return X, W_Q, W_K, W_V


def softmax_rows(scores: Any) -> Any:
    import numpy as np

    shifted = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(shifted)
    return weights / weights.sum(axis=-1, keepdims=True)


class AttentionPlayground(Playground):
    """The weights of `attention(Q, K, V, mask)` over a toy sentence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "toggle_causal", "Causal", show=False, tooltip="Mask future tokens (causal_mask) or not"),
        Binding("left,minus", "temperature(-1)", "Colder", show=False,
                tooltip="Lower the temperature: sharper weights"),
        Binding("right,plus,equals_sign", "temperature(1)", "Warmer", show=False,
                tooltip="Raise the temperature: flatter weights"),
        Binding("r", "rerun", "New weights", show=False, tooltip="New random embeddings and weights (the next seed)"),
    ]

    causal: reactive[bool] = reactive(False)
    """Whether the pattern uses `causal_mask(n)`."""
    temperature_stop: reactive[int] = reactive(TEMPERATURES.index(1.0))
    """The temperature T = TEMPERATURES[temperature_stop]: the scores are divided by T."""

    @property
    def temperature(self) -> float:
        return TEMPERATURES[self.temperature_stop]

    def watch_causal(self) -> None:
        self.changed()

    def watch_temperature_stop(self) -> None:
        self.changed()

    def action_toggle_causal(self) -> None:
        self.causal = not self.causal

    def action_temperature(self, step: int) -> None:
        self.temperature_stop = max(0, min(len(TEMPERATURES) - 1, self.temperature_stop + step))

    def controls(self) -> Content:
        return assemble(("c", "bold"), f": causal mask ({'on' if self.causal else 'off'}) · ", ("←/→", "bold"),
                        f": temperature (now {self.temperature:g}) · ",
                        ("r", "bold"), f": new weights (seed {self.seed})\n",
                        ("Each row (a query) is a convex combination of the values: it sums to 1.", "$text-muted"))

    def compute(self, source: Path) -> RenderableType:
        import numpy as np

        from tutor.render import AttentionGrid

        X, W_Q, W_K, W_V = toy_model(5 + self.seed)
        mask = np.asarray(self.call(source, "causal_mask", len(TOKENS)), dtype=bool) if self.causal else None
        reply = self.call(source, "attention", X @ W_Q / self.temperature, X @ W_K, X @ W_V, mask)
        if not isinstance(reply, (tuple, list)) or len(reply) != 2:
            return Text("attention() should return (out, weights)", style="bold red")
        weights = np.asarray(reply[1], dtype=float)
        title = f"attention weights at temperature {self.temperature:g}" + (", causal" if self.causal else "")
        return Group(AttentionGrid(weights, title=title, labels=list(TOKENS), mask=mask))


class HeadsPlayground(Playground):
    """Per-head attention patterns from the learner's `qk_circuit`, one head chosen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,minus", "head(-1)", "Previous head", show=False, tooltip="Show the previous head"),
        Binding("right,plus,equals_sign", "head(1)", "Next head", show=False, tooltip="Show the next head"),
        Binding("r", "rerun", "New weights", show=False, tooltip="New random embeddings and weights (the next seed)"),
    ]

    head: reactive[int] = reactive(0)
    """The head drawn large, with its QK circuit."""

    def watch_head(self) -> None:
        self.changed()

    def action_head(self, step: int) -> None:
        self.head = (self.head + step) % N_HEADS

    def controls(self) -> Content:
        return assemble(("←/→", "bold"), f": head (now {self.head} of 0–{N_HEADS - 1}) · ", ("r", "bold"),
                        f": new weights (seed {self.seed})\n",
                        (f"{N_HEADS} heads of a toy model (d_model = {D_MODEL}); each pattern is softmax(X · "
                         f"qk_circuit(h) · Xᵀ / √d_head).", "$text-muted"))

    def compute(self, source: Path) -> RenderableType:
        import numpy as np

        from tutor.render import AttentionGrid, HeadGrid, Heatmap

        X, W_Q, W_K, _ = toy_model(5 + self.seed)
        d_head = D_MODEL // N_HEADS
        patterns, circuits = [], []
        for head in range(N_HEADS):
            circuit = np.asarray(self.call(source, "qk_circuit", W_Q, W_K, N_HEADS, head), dtype=float)
            if circuit.shape != (D_MODEL, D_MODEL):
                return Text(f"qk_circuit(..., head={head}) returned shape {circuit.shape}; "
                            f"expected ({D_MODEL}, {D_MODEL})", style="bold red")
            circuits.append(circuit)
            patterns.append(softmax_rows(X @ circuit @ X.T / np.sqrt(d_head)))
            self.report(head + 1, N_HEADS)
        chosen = self.head
        titles = [f"▶ head {h}" if h == chosen else f"head {h}" for h in range(N_HEADS)]
        return Group(
            AttentionGrid(patterns[chosen], title=f"head {chosen}: who attends to whom", labels=list(TOKENS)),
            Text(),
            Heatmap(circuits[chosen],
                    title=f"head {chosen}'s QK circuit W_Q^h W_K^hᵀ ({D_MODEL}×{D_MODEL}, rank ≤ {d_head})"),
            Text(),
            Text("every head", style="bold"),
            HeadGrid(patterns, titles=titles),
        )

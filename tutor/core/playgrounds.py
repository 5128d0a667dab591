"""The playgrounds an exercise may name in its manifest, and what each draws with.

A playground is a panel of pictures drawn by the exercise's own functions (the app's
Playground tab). An exercise picks one with ``playground = "<name>"`` in pack.toml; the
manifest reader checks the name is one of `PLAYGROUNDS` and that the exercise's `functions`
list every function the playground calls. The app maps each name to its panel
(`tutor.widgets.playgrounds`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlaygroundSpec:
    name: str
    functions: tuple[str, ...]
    """The learner functions it calls (by these names). Empty: it calls the exercise's first
    function, whatever its name."""
    draws: str
    """What it shows, in a line, for authors (docs/authoring.md lists them)."""


PLAYGROUNDS: dict[str, PlaygroundSpec] = {spec.name: spec for spec in (
    PlaygroundSpec("rank", ("numerical_rank",),
                   "a matrix's singular values with a tolerance slider: numerical_rank(A, tol) counts those above it"),
    PlaygroundSpec("svd", ("truncated_svd",),
                   "A, its rank-k approximation truncated_svd(A, k) and the difference, with k on the arrow keys"),
    PlaygroundSpec("als", ("als", "rmse"),
                   "train and held-out RMSE of als(R, mask, k, lam) against k, with lambda on the arrow keys"),
    PlaygroundSpec("attention", ("attention", "causal_mask"),
                   "the weights of attention(Q, K, V, mask) over a toy sentence, with a temperature and a causal mask"),
    PlaygroundSpec("heads", ("qk_circuit",),
                   "each head's attention pattern from qk_circuit(W_Q, W_K, n_heads, head), with a head selector"),
    PlaygroundSpec("lora", ("lora_from_delta",),
                   "a weight difference, the adapter B A from lora_from_delta(delta, r) and what it misses, with r on "
                   "the arrow keys"),
    PlaygroundSpec("matrix", (),
                   "the exercise's first function applied to a random matrix, input and output as heatmaps"),
)}

def needs(name: str, functions: tuple[str, ...]) -> list[str]:
    """The functions playground ``name`` calls that are not among ``functions``."""
    spec = PLAYGROUNDS[name]
    if not spec.functions:
        return [] if functions else ["(at least one function)"]
    return [function for function in spec.functions if function not in functions]

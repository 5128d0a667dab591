"""Exercise playgrounds: pictures drawn by the learner's own functions (the reference solution's
until the learner's file passes).

Each exercise id can register a playground panel; the exercise screen shows it in its
Playground tab. Registration names the class by "module:Class", so a playground's module (and
NumPy) loads only when its exercise is opened::

    register("svd-truncate", "tutor.widgets.playgrounds.svd:TruncatedSvdPlayground")
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.widgets.playgrounds.base import Playground

_REGISTRY: dict[str, "str | type[Playground]"] = {}


def register(exercise_id: str, playground: "str | type[Playground]") -> None:
    """Show ``playground`` (a class, or "module:Class") for the exercise ``exercise_id``."""
    _REGISTRY[exercise_id] = playground


def playground_for(exercise_id: str) -> "type[Playground] | None":
    """The playground class registered for an exercise, imported on first use; None if there is none."""
    target = _REGISTRY.get(exercise_id)
    if isinstance(target, str):
        module, _, name = target.partition(":")
        target = getattr(import_module(module), name)
        _REGISTRY[exercise_id] = target
    return target


def registered() -> list[str]:
    """Exercise ids that have a playground."""
    return sorted(_REGISTRY)


register("svd-truncate", "tutor.widgets.playgrounds.svd:TruncatedSvdPlayground")
register("als-fit", "tutor.widgets.playgrounds.als:AlsPlayground")
register("attn-weights", "tutor.widgets.playgrounds.attention:AttentionPlayground")
register("mha-circuits", "tutor.widgets.playgrounds.attention:CircuitsPlayground")

"""Exercise playgrounds: pictures drawn by the learner's own functions (the reference solution's
until the learner's file passes).

An exercise names its playground in the manifest (``playground = "svd"``; the names and the
functions each calls are in `tutor.core.playgrounds`). This module maps each name to its
panel class by "module:Class", so a playground's module (and NumPy) loads only when its
exercise is opened. To add a playground: write the panel (a `Playground` subclass), add it
here and its `PlaygroundSpec` in `tutor.core.playgrounds`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.widgets.playgrounds.base import Playground

PANELS: dict[str, str] = {
    "rank": "tutor.widgets.playgrounds.rank:RankPlayground",
    "svd": "tutor.widgets.playgrounds.svd:TruncatedSvdPlayground",
    "als": "tutor.widgets.playgrounds.als:AlsPlayground",
    "attention": "tutor.widgets.playgrounds.attention:AttentionPlayground",
    "heads": "tutor.widgets.playgrounds.attention:HeadsPlayground",
    "lora": "tutor.widgets.playgrounds.lora:LoraPlayground",
    "matrix": "tutor.widgets.playgrounds.matrix:MatrixPlayground",
}
"""Playground name -> "module:Class" of its panel."""


def playground_for(name: str | None) -> type[Playground] | None:
    """The panel class of playground ``name``, imported now; None for no (or an unknown) name."""
    target = PANELS.get(name or "")
    if target is None:
        return None
    module, _, attribute = target.partition(":")
    panel: type[Playground] = getattr(import_module(module), attribute)
    return panel


def playground_classes() -> dict[str, type[Playground]]:
    """Every playground's panel class by name (the help screen lists their keys)."""
    classes = {}
    for name in PANELS:
        panel = playground_for(name)
        if panel is not None:
            classes[name] = panel
    return classes

"""Pure Rich renderables: matrices, heatmaps, diffs, spectra, charts, attention. No Textual.

Every renderable takes NumPy arrays (any real dtype, bool and int included) and draws empty
arrays, 1-D arrays (as a row), NaN and ±inf, constant and oversized arrays without failing,
saying in its caption what it did.
"""

from .attention import AttentionGrid, HeadGrid
from .colors import ColorScale, diverging_color, sequential_color
from .diff import DiffTriple
from .heatmap import Heatmap
from .linechart import LineChart
from .matrix import MatrixTable
from .panels import HeatmapRow
from .spectrum import EnergyCurve, Spectrum

__all__ = [
    "AttentionGrid",
    "ColorScale",
    "DiffTriple",
    "EnergyCurve",
    "HeadGrid",
    "Heatmap",
    "HeatmapRow",
    "LineChart",
    "MatrixTable",
    "Spectrum",
    "diverging_color",
    "sequential_color",
]

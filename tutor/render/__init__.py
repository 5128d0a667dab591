"""Pure Rich renderables: matrices, heatmaps, diffs, spectra. No Textual."""

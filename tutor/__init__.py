"""latent-tutor: a terminal tutor for the linear algebra behind latent factors.

Keep this module empty of imports: `latent-tutor check` must start as fast as Python plus NumPy.
"""

__version__ = "0.1.0"

"""An example latent-tutor lesson pack: this package's folder holds pack.toml and the pack."""

"""Textual widgets of the tutor: thin over `tutor.core` data and `tutor.render` renderables."""

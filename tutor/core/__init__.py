"""Headless core: pack model and loader, grading engine, workspace and progress. No Textual."""

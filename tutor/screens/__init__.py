"""The tutor's screens, one per file: lesson map, lesson reader, exercise, help, dialogs."""

"""Data files: gazetteers, cue lists, model weights (no code)."""

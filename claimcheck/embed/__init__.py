"""Sentence embeddings from a small local model (all-MiniLM-L6-v2), offline and hash-verified."""

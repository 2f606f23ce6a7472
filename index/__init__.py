"""Passages, tokenizers, encoders, lexical and dense indexes, hybrid search, persistence."""

"""Turning search hits into the reply a cadre reads, the user-facing Vietnamese texts, and evaluation."""

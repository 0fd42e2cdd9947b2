"""Writes of the organisations app (re-exported from its modules)."""

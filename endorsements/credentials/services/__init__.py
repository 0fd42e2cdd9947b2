"""Writes for certificates, renewals and reminders (one module per concern)."""

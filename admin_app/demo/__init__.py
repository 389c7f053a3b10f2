"""The demo city written by seed-demo (not a domain operation)."""

"""Organisations: the tree, changes, leadership teams, records, members in difficulty."""

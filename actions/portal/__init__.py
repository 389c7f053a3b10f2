"""Activation codes and the self-service portal of applicants, contacts and introducers."""

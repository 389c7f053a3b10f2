"""Screens of the development of new members (发展党员全程记实)."""

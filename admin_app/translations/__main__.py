"""Compile the catalogues: python -m admin_app.translations"""
from . import compile_all

compile_all()

"""Compile the catalogues: python -m admin_app.translations"""
from admin_app.translations import compile_all

compile_all()

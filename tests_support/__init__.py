"""Helpers shared by tests of several apps (the fixtures themselves live in the root conftest.py)."""

PASSWORD = "Sandi-Uji-12345"

"""Security mechanisms shared by the admin platform and the portal."""

"""Demo city seeding."""

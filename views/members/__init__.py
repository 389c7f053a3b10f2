"""Member screens: lists, entry, the member page and tabs, records, movements, query."""

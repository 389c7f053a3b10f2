"""Members: registration, ID numbers, membership changes, records, dues, flows, transfers, query."""

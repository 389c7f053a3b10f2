"""Statistics: live counts, dimensions, summaries and cross-tables, outputs, delegates."""

"""Organisation screens: the tree, list and forms, the organisation page, records."""

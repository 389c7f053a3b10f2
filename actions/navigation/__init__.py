"""Finding your way: the menu entries and the people a user can reach, by what they type."""

"""Terminal renderings (Rich tables) of the core's values, for the CLI."""

"""Cross-cutting pieces: the base layout, navigation, health and the home workspace."""

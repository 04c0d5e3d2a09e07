"""Screens of the roadmap TUI."""

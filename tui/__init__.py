"""The Textual TUI: edit and visualise a roadmap with live critical-path updates."""

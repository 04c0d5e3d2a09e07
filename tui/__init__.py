"""The Textual TUI: edit and visualise a roadmap with live critical-path updates.

:mod:`tui.app` owns the plan being edited, :mod:`tui.screens` and :mod:`tui.widgets` present it
(:mod:`tui.palette` is the command palette). State and presentation only: loading,
saving, checking and every computation are the core's (:mod:`roadmap.core`).
"""

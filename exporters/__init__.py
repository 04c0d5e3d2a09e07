"""Exporters: management reports from a scheduled plan (Markdown with Mermaid and table Gantt,
CSV, JSON, xlsx, SVG). They call the core for every date and number; none is computed here."""

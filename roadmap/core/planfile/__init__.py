"""Plan files: the TOML line scanner, loading with includes, the editable document and saving, the canonical layout, templates."""

"""Starter plans written by ``roadmap init`` (package data: ``*.toml``)."""

"""Comparing plans: the diff between two revisions as values, baselines, git access."""

"""The plan model: what a plan file means (pydantic), durations, steps, problems."""

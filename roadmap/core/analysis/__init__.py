"""Analysis of a plan: its graph, checks, schedule, risk, budget, staffing, KPIs, leveling, and the Analysis that computes each once."""

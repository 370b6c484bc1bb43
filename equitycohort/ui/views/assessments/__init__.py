"""Self-assessments: each team's rounds and growth, the cohort heat map, the framework editor."""

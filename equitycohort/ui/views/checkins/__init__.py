"""Check-ins: each follow-up with a state team, and the quick form that records one."""

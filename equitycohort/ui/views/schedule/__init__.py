"""A cohort's calendar: the list, the six-month timeline, planning a series."""

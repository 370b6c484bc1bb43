"""Charts drawn with QPainter for the Assessments screen: a radar of growth, a heat map of a cohort."""

"""Equity Cohort: a desktop app for running cohort learning programs."""

__version__ = "0.1.0"
APP_NAME = "Equity Cohort"

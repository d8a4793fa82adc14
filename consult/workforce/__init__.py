"""Workforce development: monthly group supervision, Level 2 training, development records."""

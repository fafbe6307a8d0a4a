"""Trainers' batch runs: records in and out, per-family scores against labels, the HTML report."""

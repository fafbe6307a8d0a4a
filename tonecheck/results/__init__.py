"""What a check produces (findings, results), applying their rewrites, and the warmth score."""

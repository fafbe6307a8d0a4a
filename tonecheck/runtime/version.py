"""tonecheck's version, in one place (the package, SARIF output and caches read it)."""

__version__ = "0.1.0"

"""The linter: settings, the rule kinds run over each Doc, and the suggestion recipes."""

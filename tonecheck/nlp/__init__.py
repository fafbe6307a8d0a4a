"""Text to spaCy Doc: language detection, the blank pipelines, pymorphy3 morphology, inflection."""

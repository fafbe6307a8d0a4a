"""The process around a check: the cache folder, the garbage collector's pauses, the version."""

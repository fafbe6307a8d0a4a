"""tonecheck over HTTP: the FastAPI service, its web page, and the client the CLI uses."""

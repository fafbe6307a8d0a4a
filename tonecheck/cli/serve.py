"""The service command: run the HTTP service and the web page."""

from __future__ import annotations

import os
from pathlib import Path

import click

from tonecheck.cli.options import guarded, make_session


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default serves this machine only.")
@click.option("--port", default=8750, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1),
              help="uvicorn worker processes (each loads the pipelines once).")
@click.option("--token", envvar="TONECHECK_TOKEN", metavar="TOKEN",
              help="Require 'Authorization: Bearer TOKEN' on /v1/ (env TONECHECK_TOKEN).")
@click.option("--max-body", default=1_000_000, show_default=True, type=click.IntRange(1),
              help="Largest request body in bytes (larger: 413).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0, min_open=True), metavar="SECONDS",
              help="Longest a check or fix may take (longer: 503, the service keeps answering).")
@click.option("--cors-origin", "cors", multiple=True, metavar="ORIGIN",
              help="Allow browser calls from this origin (repeatable; default: none); '*' stands for an "
                   "extension's id: 'chrome-extension://*', 'moz-extension://*'.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The configuration whose settings are the service's defaults.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@guarded
def serve(host, port, workers, token, max_body, timeout, cors, config_path, isolated):
    """Run the HTTP service and the web page (pip install 'tonecheck[server]').

    POST /v1/check, POST /v1/fix, GET /v1/rules, GET /v1/rules/{id}, GET /healthz, the page at /,
    the OpenAPI schema at /openapi.json. Pipelines load once at start.
    """
    try:
        import uvicorn
    except ImportError:
        raise click.UsageError("the service needs its extra: pip install 'tonecheck[server]'") from None
    session = make_session(None, None, None, None, config_path, isolated)
    cfg = session.config_for(None)
    session.linter_for(cfg)  # an invalid configuration fails here, before the port is taken
    os.environ["TONECHECK_SERVE"] = json_settings(token, max_body, timeout, list(cors), cfg)
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        click.echo(f"tonecheck: warning: serving on {host} without --token: anyone who reaches it can use it",
                   err=True)
    uvicorn.run("tonecheck.service.server:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


def json_settings(token, max_body, timeout, cors, cfg) -> str:
    """The service's settings for uvicorn's worker processes (passed through the environment)."""
    import json

    return json.dumps({"token": token, "max_body": max_body, "timeout": timeout, "cors_origins": cors,
                       "rule_dirs": [str(p) for p in cfg["extra-rules"]],
                       "lexicon_dirs": [str(p) for p in cfg["extra-lexicons"]],
                       "defaults": {k: cfg[k] for k in ("language", "formality", "select", "ignore", "severity")}})

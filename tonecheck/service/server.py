"""The HTTP service: tonecheck for ticket tools, chat bots and the web page, pipelines loaded once.

    tonecheck serve [--host 127.0.0.1] [--port 8750]      (pip install 'tonecheck[server]')

POST /v1/check and /v1/fix take JSON ({"text": …} and optional settings) and answer with the
finding contract; GET /v1/rules, /v1/rules/{id}, /healthz; OpenAPI at /openapi.json and /docs;
the page at /. Errors are JSON {"error": …} with 400 (bad JSON), 401 (token), 404, 413 (body over
the cap), 422 (invalid fields). Binds to loopback unless told otherwise; a bearer token and CORS
origins are opt-in.
"""

from __future__ import annotations

import hmac
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from tonecheck.runtime import heap
from tonecheck.runtime.version import __version__

DEFAULT_MAX_BODY = 1_000_000
Severity = Literal["error", "warning", "info"]


@dataclass
class ServerSettings:
    max_body: int = DEFAULT_MAX_BODY
    token: str | None = None
    cors_origins: list[str] = field(default_factory=list)
    rule_dirs: list = field(default_factory=list)
    lexicon_dirs: list = field(default_factory=list)
    defaults: dict = field(default_factory=dict)   # language/formality/select/ignore/severity from config


class CheckRequest(BaseModel):
    """A message to check and, optionally, how: each field overrides the server's configuration."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The message (plain text).")
    language: Literal["auto", "ru", "en"] | None = None
    formality: Literal["formal", "informal"] | None = None
    addressee: str | None = Field(None, description='Who it is for, e.g. "Петрова Анна Сергеевна".')
    select: list[str] | None = Field(None, description="Only these rule ids or families.")
    ignore: list[str] | None = Field(None, description="Leave out these rule ids or families.")
    severity: dict[str, Severity] | None = Field(None, description="Rule id -> severity for this team.")
    strip: bool = Field(True, description="Leave out quoted replies and the signature.")
    quoted: str | None = Field(None, description="The message this one replies to (a ticket's last customer "
                                                  "message): its questions must be answered.")


def _error(status: int, message: str, **extra) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def create_app(settings: ServerSettings | None = None, linter=None) -> FastAPI:
    """The FastAPI application; ``linter`` may be given (tests), else one is built at start-up."""
    settings = settings or ServerSettings()
    state: dict = {"linter": linter}

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = state["linter"] is None
        if own:
            from tonecheck.engine.linter import Linter

            state["linter"] = Linter(rule_dirs=settings.rule_dirs, lexicon_dirs=settings.lexicon_dirs)
        for text in ("Здравствуйте! Всё получил.", "Hello, all received."):  # warm both pipelines
            state["linter"].check(text)
        if own:  # a server process: what every request uses stays out of the collector's full passes
            heap.loaded()
        yield

    app = FastAPI(title="tonecheck", version=__version__, lifespan=lifespan,
                  description="A linter for the way colleagues write to each other (Russian and English).")

    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.middleware("http")
    async def limits(request: Request, call_next):
        """Body cap (413) before anything is parsed, then the bearer token on /v1/ (401)."""
        if request.method == "POST":
            length = request.headers.get("content-length")
            if length is not None and length.isdigit() and int(length) > settings.max_body:
                return _error(413, f"request body over {settings.max_body} bytes")
            if length is None and len(await request.body()) > settings.max_body:
                return _error(413, f"request body over {settings.max_body} bytes")
        if settings.token and request.url.path.startswith("/v1/"):
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {settings.token}".encode()):
                return _error(401, "missing or wrong bearer token")
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _error(400, "the body is not valid JSON")
        details = [{"field": ".".join(str(p) for p in e["loc"][1:]), "problem": e["msg"]} for e in errors]
        return _error(422, "invalid request", details=details)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return _error(exc.status_code, str(exc.detail))

    def settings_of(req: CheckRequest):
        """The request's Settings: each field given overrides the server's configuration; a rule
        name no rule has is a 422."""
        from tonecheck.engine.settings import Settings, SettingsError

        d = settings.defaults
        try:
            wanted = Settings(language=req.language or d.get("language") or "auto",
                              formality=req.formality or d.get("formality") or "formal",
                              select=req.select if req.select is not None else d.get("select"),
                              ignore=req.ignore if req.ignore is not None else d.get("ignore") or (),
                              severity={**(d.get("severity") or {}), **(req.severity or {})},
                              addressee=req.addressee, strip=req.strip)
            state["linter"].plan(wanted)
        except SettingsError as exc:
            raise HTTPException(422, str(exc)) from None
        return wanted

    def run_check(req: CheckRequest, wanted=None):
        from tonecheck.inputs.messages import Message, strip

        wanted = wanted or settings_of(req)
        message = Message("request", req.text, quote=req.quoted)
        if wanted.strip:
            message = strip(message)
        return state["linter"].check_messages([message], wanted)[0]

    @app.post("/v1/check", summary="Check a message")
    async def check(req: CheckRequest) -> JSONResponse:
        # A check is a few milliseconds of CPU: run it on the event loop (a thread hop would cost
        # more than it frees, each worker process being busy with one check at a time anyway) and
        # hand the finished dict to JSONResponse, skipping FastAPI's response re-encoding.
        return JSONResponse(run_check(req).to_dict())

    @app.post("/v1/fix", summary="Apply the safe rewrites")
    async def fix(req: CheckRequest) -> dict:
        from tonecheck.results.fixes import fix_until_stable

        def work():
            wanted = settings_of(req)  # the same settings for every pass
            fixed, applied = fix_until_stable(
                lambda t: run_check(req.model_copy(update={"text": t}), wanted).findings, req.text)
            remaining = run_check(req.model_copy(update={"text": fixed}), wanted)
            return {"text": fixed, "applied": [f.to_dict() for f in applied],
                    "findings": [f.to_dict() for f in remaining.findings], "language": remaining.language,
                    "formality": wanted.formality}
        return await run_in_threadpool(work)

    @app.get("/v1/rules", summary="Every rule")
    async def rules() -> list[dict]:
        return [r.listing() for r in state["linter"].rules]

    @app.get("/v1/rules/{rule_id}", summary="A rule's documentation")
    async def rule(rule_id: str, lang: Literal["en", "ru"] = "en") -> dict:
        from tonecheck.rulebook.docs import rule_page

        found = {r.id: r for r in state["linter"].rules}.get(rule_id)
        if found is None:
            raise HTTPException(404, f"unknown rule {rule_id!r}")
        return {"id": found.id, "summary": found.summary, "markdown": rule_page(found, lang)}

    @app.get("/healthz", summary="Liveness")
    async def healthz() -> dict:
        return {"status": "ok", "version": __version__, "rules": len(state["linter"].rules),
                "auth": bool(settings.token)}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse(resources.files("tonecheck.service").joinpath("web/index.html").read_text(encoding="utf-8"))

    return app


def app_from_env() -> FastAPI:
    """uvicorn's factory: settings come from TONECHECK_SERVE (set by ``tonecheck serve``)."""
    import json
    import os
    from pathlib import Path

    raw = json.loads(os.environ.get("TONECHECK_SERVE", "{}"))
    return create_app(ServerSettings(
        max_body=raw.get("max_body", DEFAULT_MAX_BODY), token=raw.get("token"),
        cors_origins=raw.get("cors_origins", []), rule_dirs=[Path(p) for p in raw.get("rule_dirs", [])],
        lexicon_dirs=[Path(p) for p in raw.get("lexicon_dirs", [])], defaults=raw.get("defaults", {})))

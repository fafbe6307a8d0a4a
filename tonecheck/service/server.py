"""The HTTP service: tonecheck for ticket tools, chat bots and the web page, pipelines loaded once.

    tonecheck serve [--host 127.0.0.1] [--port 8750]      (pip install 'tonecheck[server]')

POST /v1/check and /v1/fix take JSON ({"text": …} and optional settings) and answer with the
finding contract; GET /v1/rules, /v1/rules/{id}, /healthz; OpenAPI at /openapi.json and /docs;
the page at /. Errors are JSON {"error": …} with 400 (bad JSON), 401 (token), 404, 405, 413 (body
over the cap), 422 (invalid fields), 500 and 503 (a check over the time limit). The token is
checked before a body is read, and a body is capped while it streams in; checks run in worker
threads, so a long one never holds up the others or /healthz. Binds to loopback unless told
otherwise; a bearer token and CORS origins are opt-in.
"""

from __future__ import annotations

import hmac
import re
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from tonecheck.runtime import heap
from tonecheck.runtime.version import __version__

DEFAULT_MAX_BODY = 1_000_000
DEFAULT_TIMEOUT = 10.0   # seconds a check or fix may take before the client gets a 503
Severity = Literal["error", "warning", "info"]


@dataclass
class ServerSettings:
    max_body: int = DEFAULT_MAX_BODY
    timeout: float = DEFAULT_TIMEOUT
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
    formality: Literal["auto", "formal", "informal"] | None = None
    addressee: str | None = Field(None, description='Who it is for, e.g. "Петрова Анна Сергеевна".')
    select: list[str] | None = Field(None, description="Only these rule ids or families.")
    ignore: list[str] | None = Field(None, description="Leave out these rule ids or families.")
    severity: dict[str, Severity] | None = Field(None, description="Rule id -> severity for this team.")
    strip: bool = Field(True, description="Leave out quoted replies and the signature.")
    quoted: str | None = Field(None, description="The message this one replies to (a ticket's last customer "
                                                  "message): its questions must be answered.")
    reply: bool = Field(False, description="The message answers or goes on with an exchange the sender is "
                                           "already in (a ticket comment after the sender's own earlier one), "
                                           "even when `quoted` is not given: no greeting is asked of it.")
    record: bool = Field(False, description="The text is a record, not a letter (a pull request's description, "
                                            "a task, a commit message): greeting, answer, thanks and coverage "
                                            "rules, which need a reader, are not run.")
    ticket: bool = Field(False, description="The text opens an issue in a tracker: a report or a proposal that "
                                            "asks nobody anything (no question, request or 'вы'/'you') is read "
                                            "as a record; one that asks the team is a letter.")
    comment: bool = Field(False, description="The text is a comment in a tracker's thread: a short one that asks "
                                             "nobody anything ('+1', 'same here', 'looks good') is a reaction, read "
                                             "as a record.")

    @field_validator("text", "addressee", "quoted")
    @classmethod
    def _unicode(cls, value: str | None) -> str | None:
        """JSON may carry a lone surrogate ("\\ud800") that no text can hold: a 422, not a crash."""
        from tonecheck.inputs.messages import unicode_problem

        problem = value is not None and unicode_problem(value)
        if problem:
            raise ValueError(problem)
        return value


def cors_origins(origins: list[str]) -> tuple[list[str], str | None]:
    """The exact origins and one regular expression for the patterns among them: a browser
    extension's origin has an id in it (``chrome-extension://*``, ``moz-extension://*``), and
    Firefox draws a new one for every installation."""
    exact = [o for o in origins if o == "*" or "*" not in o]
    patterns = [re.escape(o).replace(r"\*", "[^/]*") for o in origins if o != "*" and "*" in o]
    return exact, "|".join(patterns) or None


def _error(status: int, message: str, headers: dict | None = None, **extra) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


class Limits:
    """ASGI middleware: the bearer token on /v1/ (401) before any body is read, then the body cap
    (413) on the declared length and again on each chunk as it streams in, so a client without
    Content-Length cannot make the service hold more than the cap."""

    def __init__(self, app, settings: ServerSettings):
        self.app, self.settings = app, settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope, receive)
        refused = self._refused(request)
        if refused is None and request.method == "POST":
            body, refused = await self._body(request)
            receive = _replay(body, receive)
        if refused is not None:
            return await refused(scope, receive, send)
        await self.app(scope, receive, send)

    def _refused(self, request: Request) -> JSONResponse | None:
        """The error a request gets from its headers alone, if any."""
        token = self.settings.token
        if token and request.url.path.startswith("/v1/"):
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                return _error(401, "missing or wrong bearer token")
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.settings.max_body:
            return self._too_large()
        return None

    async def _body(self, request: Request) -> tuple[bytes, JSONResponse | None]:
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.settings.max_body:
                return b"", self._too_large()
        return bytes(body), None

    def _too_large(self) -> JSONResponse:
        return _error(413, f"request body over {self.settings.max_body} bytes")


def _replay(body: bytes, receive):
    """An ASGI receive that hands the app the body already read, then waits on the client."""
    sent = False

    async def replay():
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}
    return replay


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

    app.add_middleware(Limits, settings=settings)
    if settings.cors_origins:  # added last, so outermost: a preflight carries no token, and a 401 must reach
        from fastapi.middleware.cors import CORSMiddleware  # the browser's script with the CORS headers

        exact, pattern = cors_origins(settings.cors_origins)
        app.add_middleware(CORSMiddleware, allow_origins=exact, allow_origin_regex=pattern,
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _error(400, "the body is not valid JSON")
        details = [{"field": ".".join(str(p) for p in e["loc"][1:]), "problem": e["msg"]} for e in errors]
        return _error(422, "invalid request", details=details)

    @app.exception_handler(StarletteHTTPException)  # the routes' own, and the router's 404 and 405
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        return _error(500, "internal error")

    async def off_the_loop(work, *args):
        """Run a check in a worker thread, so the event loop keeps answering; past the time limit
        the client gets a 503 and the thread is left to finish on its own."""
        with anyio.move_on_after(settings.timeout):
            return await anyio.to_thread.run_sync(work, *args, abandon_on_cancel=True)
        raise HTTPException(503, f"the check took longer than {settings.timeout:g} s")

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
        message = Message("request", req.text, quote=req.quoted, reply=req.reply, record=req.record,
                          ticket=req.ticket, comment=req.comment)
        if wanted.strip:
            message = strip(message)
        return state["linter"].check_messages([message], wanted)[0]

    @app.post("/v1/check", summary="Check a message")
    async def check(req: CheckRequest) -> JSONResponse:
        # The finished dict goes to JSONResponse, skipping FastAPI's response re-encoding.
        return JSONResponse(await off_the_loop(lambda: run_check(req).to_dict()))

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
        return await off_the_loop(work)

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
        max_body=raw.get("max_body", DEFAULT_MAX_BODY), timeout=raw.get("timeout", DEFAULT_TIMEOUT),
        token=raw.get("token"),
        cors_origins=raw.get("cors_origins", []), rule_dirs=[Path(p) for p in raw.get("rule_dirs", [])],
        lexicon_dirs=[Path(p) for p in raw.get("lexicon_dirs", [])], defaults=raw.get("defaults", {})))

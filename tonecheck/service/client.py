"""Checking through a running ``tonecheck serve``: what makes a pre-send hook answer in milliseconds.

The command line uses the service when one is configured (``--server URL`` or TONECHECK_SERVER)
and checks locally when it cannot be reached. Only the standard library is imported here, so a
hook that talks to the service never loads spaCy.
"""

from __future__ import annotations

import json

from tonecheck.results.findings import Finding, Result
from tonecheck.results.warmth import Strategy

TIMEOUT = 5.0


class RemoteError(RuntimeError):
    """The service answered, but with an error (bad settings, token): not a reason to fall back."""


def check(url: str, token: str | None, message, settings) -> Result | None:
    """The message's Result from the service (checked with ``settings``, a Settings), or None
    when the service cannot be reached."""
    import urllib.error  # here, not at the top: urllib.request costs ~20 ms of every local run
    import urllib.request

    payload = {"text": message.new_text, "strip": False, "addressee": settings.addressee or message.addressee,
               "quoted": message.quote, "language": settings.language, "formality": settings.formality,
               "select": list(settings.select) if settings.select is not None else None,
               "ignore": list(settings.ignore), "severity": settings.severities}
    payload = {k: v for k, v in payload.items() if v is not None}
    request = urllib.request.Request(url.rstrip("/") + "/v1/check", data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            data = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            reason = json.loads(exc.read()).get("error", exc.reason)
        except (ValueError, AttributeError):
            reason = exc.reason
        raise RemoteError(f"{url}: {exc.code} {reason}") from None
    except (urllib.error.URLError, OSError, TimeoutError, ValueError):
        return None
    # a field the service does not send (an older one: no "safety") keeps its default
    findings = [Finding(**{k: f[k] for k in Finding.__dataclass_fields__ if k in f}) for f in data["findings"]]
    strategies = [Strategy.from_dict(s) for s in data.get("warmth", {}).get("strategies", [])]
    return Result(message.new_text, data["language"], findings, data.get("languages", []), strategies=strategies)

"""Optional second opinion on each claim from a local language model (``--llm URL``).

Speaks ollama's ``/api/generate`` or any OpenAI-compatible ``/v1/chat/completions`` (chosen by the
URL's path; a bare ``http://host:port`` means ollama).  The model marks each claim *plausible*,
*doubtful* or *unknown* with one line of reason.  It never edits the script.  A dead, slow or
nonsensical server costs one warning: each claim has ``timeout`` seconds, the whole pass
``budget`` seconds, and the first failure stops the asking (remaining claims stay unmarked).
"""
from __future__ import annotations

import dataclasses
import json
import logging
import re
import time
import urllib.error
import urllib.request
from typing import Any, Sequence
from urllib.parse import urlsplit, urlunsplit

from .records import ClaimRow

log = logging.getLogger(__name__)

VERDICTS = ("plausible", "doubtful", "unknown")
PROMPT = ("You check facts in a lecture script before it is published. Reply with exactly one line: "
          "one word (plausible, doubtful or unknown), a colon, and a reason of at most 20 words. "
          "Say doubtful when a date, a person credited, a number or a 'first' looks wrong.\n\nClaim: {claim}")


def endpoint(url: str) -> tuple[str, str]:
    """(api, full URL): api is ``ollama`` or ``openai``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"--llm needs an http(s) URL, not {url!r}")
    path = parts.path.rstrip("/")
    if path.endswith("/chat/completions"):
        return "openai", url
    if path in ("", "/api", "/api/generate"):
        return "ollama", urlunsplit((parts.scheme, parts.netloc, "/api/generate", "", ""))
    if path.endswith("/v1"):
        return "openai", urlunsplit((parts.scheme, parts.netloc, path + "/chat/completions", "", ""))
    raise ValueError(f"--llm URL {url!r}: use http://host:11434 (ollama) or …/v1/chat/completions")


def _payload(api: str, model: str, claim: str) -> dict[str, Any]:
    prompt = PROMPT.format(claim=claim)
    if api == "ollama":
        return {"model": model, "prompt": prompt, "stream": False, "options": {"temperature": 0}}
    return {"model": model, "messages": [{"role": "user", "content": prompt}], "temperature": 0, "max_tokens": 60}


def _answer(api: str, data: Any) -> str:
    if api == "ollama":
        return str(data["response"])
    return str(data["choices"][0]["message"]["content"])


def parse_verdict(text: str) -> tuple[str, str]:
    """``"Doubtful: GRU was 2014 by Cho et al."`` → ("doubtful", "GRU was 2014 by Cho et al.")."""
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    m = re.match(r"\W*(plausible|doubtful|unknown)\b\W*(.*)", line, re.I)
    if not m:
        return "unknown", f"unclear answer: {line[:120]}"
    return m.group(1).lower(), m.group(2).strip()[:200]


def _ask(api: str, url: str, model: str, claim: str, timeout: float) -> tuple[str, str]:
    body = json.dumps(_payload(api, model, claim)).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) checked)
        data = json.loads(response.read(1 << 20))
    return parse_verdict(_answer(api, data))


def judge_claims(claims: Sequence[ClaimRow], url: str, model: str = "llama3.2", *, timeout: float = 10.0,
                 budget: float = 120.0) -> tuple[list[ClaimRow], list[str]]:
    """Claims with ``verdict``/``reason`` filled in where the model answered; warnings (at most one)."""
    try:
        api, full = endpoint(url)
    except ValueError as exc:
        return list(claims), [str(exc)]
    out: list[ClaimRow] = []
    deadline = time.monotonic() + budget
    failure: str | None = None
    for row in claims:
        left = deadline - time.monotonic()
        if failure is None and left <= 0.5:
            failure = f"the model at {url} used up the {budget:g} s budget; later claims are not marked"
        if failure is not None:
            out.append(row)
            continue
        try:
            verdict, reason = _ask(api, full, model, row.text, min(timeout, left))
        except (OSError, urllib.error.URLError, ValueError, KeyError, IndexError, TypeError) as exc:
            failure = f"no answer from the model at {url} ({_why(exc)}); claims are not marked"
            out.append(row)
            continue
        out.append(dataclasses.replace(row, verdict=verdict, reason=reason))
    if failure:
        log.warning("%s", failure)
    return out, [failure] if failure else []


def _why(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    if isinstance(exc, TimeoutError) or "timed out" in str(reason or exc):
        return "timed out"
    return str(reason or exc)[:120] or type(exc).__name__

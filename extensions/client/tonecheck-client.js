/* tonecheck's client, shared by the browser extension, the Thunderbird add-on and their tests:
 * the settings, the calls to `tonecheck serve`, and the arithmetic on findings (the service counts
 * characters as Python does, in code points; JavaScript strings count UTF-16 units).
 * A classic script (content scripts cannot be modules) that is also a CommonJS module for node. */
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.TonecheckClient = api;
})(globalThis, function () {
  "use strict";

  const DEFAULTS = Object.freeze({
    server: "http://127.0.0.1:8750",
    token: "",
    language: "auto",
    formality: "auto",
    failOn: "warning",
    sites: ["mail.google.com", "outlook.office.com", "outlook.live.com", "*.atlassian.net", "*.zendesk.com",
            "*.youtrack.cloud", "tracker.yandex.ru", "*.bitrix24.ru"],
  });
  const RANK = {info: 0, warning: 1, error: 2};

  /** Why a check did not come back: `kind` is unreachable, unauthorized, rejected or aborted. */
  class ServiceError extends Error {
    constructor(kind, message) {
      super(message);
      this.name = "ServiceError";
      this.kind = kind;
    }
  }

  /** Stored settings over the defaults; a server URL that is not http(s) is refused here, so a
   * typo in the options never sends a message anywhere else. */
  function withDefaults(stored) {
    const settings = Object.assign({}, DEFAULTS, stored || {});
    settings.server = serverUrl(settings.server);
    return settings;
  }

  function serverUrl(value) {
    let url;
    try { url = new URL(String(value).trim()); } catch (e) { throw new ServiceError("rejected", `not a URL: ${value}`); }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ServiceError("rejected", `the server must be an http(s) URL: ${value}`);
    }
    return url.href.replace(/\/+$/, "");
  }

  async function call(settings, path, init, fetchImpl) {
    const headers = Object.assign({"Content-Type": "application/json"}, init.headers || {});
    if (settings.token) headers.Authorization = `Bearer ${settings.token}`;
    let response;
    try {
      response = await (fetchImpl || fetch)(settings.server + path, Object.assign({}, init, {headers}));
    } catch (e) {
      if (e && e.name === "AbortError") throw new ServiceError("aborted", "a newer check replaced this one");
      throw new ServiceError("unreachable", `server unreachable: ${settings.server}`);
    }
    let body = {};
    try { body = await response.json(); } catch (e) { /* an error page, not JSON: the status says it */ }
    if (response.status === 401) throw new ServiceError("unauthorized", "the server refused the token");
    if (!response.ok) throw new ServiceError("rejected", `server error ${response.status}: ${body.error || ""}`.trim());
    return body;
  }

  /** POST /v1/check for the user's `text` and the message it replies to (`quoted`). */
  function check(settings, message, options) {
    const opts = options || {};
    const body = {text: message.text, language: settings.language, formality: settings.formality, strip: true};
    if (message.quoted) body.quoted = message.quoted;
    return call(settings, "/v1/check", {method: "POST", body: JSON.stringify(body), signal: opts.signal},
                opts.fetch);
  }

  /** GET /v1/rules/{id}: the rule's documentation in Markdown. */
  function ruleDoc(settings, id, lang, options) {
    const opts = options || {};
    return call(settings, `/v1/rules/${encodeURIComponent(id)}?lang=${lang === "ru" ? "ru" : "en"}`,
                {method: "GET"}, opts.fetch);
  }

  /** UTF-16 index of a code-point offset into `text`. */
  function unitIndex(text, offset) {
    let units = 0;
    for (let i = 0; i < offset && units < text.length; i++) {
      const code = text.charCodeAt(units);
      units += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
    return units;
  }

  /** A finding's span in UTF-16 units of the text it was found in. */
  function span(text, finding) {
    return {start: unitIndex(text, finding.start), end: unitIndex(text, finding.end)};
  }

  /** A rewrite that can go into the text as it is: the service's `safety` says so ("safe"; not
   * "needs-writer": a skeleton to finish, or a rewrite its re-check refused); from a service that
   * does not say, a rewrite without "…" to fill in. */
  function applicable(finding) {
    if (typeof finding.suggestion !== "string") return false;
    if (typeof finding.safety === "string") return finding.safety === "safe";
    return finding.suggestion.indexOf("\u2026") < 0;
  }

  /** The text with exactly the finding's words replaced by its rewrite. */
  function apply(text, finding) {
    const s = span(text, finding);
    return text.slice(0, s.start) + finding.suggestion + text.slice(s.end);
  }

  const SENTENCE_END = /[.!?\u2026]+["»”)]*\s+|\n+/g;

  /** The bounds of the sentence (or line) around [start, end) in UTF-16 units. */
  function sentenceAround(text, start, end) {
    let from = 0, to = text.length, m;
    SENTENCE_END.lastIndex = 0;
    while ((m = SENTENCE_END.exec(text)) !== null) {
      const stop = m.index + m[0].length;
      if (stop <= start) from = stop;
      else if (m.index >= end) { to = m.index + m[0].trimEnd().length; break; }
    }
    return {start: from, end: to};
  }

  /** The whole sentence before and after the rewrite, as the card shows it: the service's own
   * (`sentence`), or worked out here from a service that does not send it. `byHand`: the rewrite
   * is for the writer to finish, not for Apply; `after` is null without a rewrite. */
  function sentencePreview(text, finding) {
    const byHand = !applicable(finding);
    if (finding.sentence) return {before: finding.sentence.before, after: finding.sentence.after, byHand};
    const s = span(text, finding), around = sentenceAround(text, s.start, s.end);
    const before = text.slice(around.start, around.end);
    const after = typeof finding.suggestion === "string"
      ? text.slice(around.start, s.start) + finding.suggestion + text.slice(s.end, around.end) : null;
    return {before: before.trim(), after: after === null ? null : after.trim(), byHand};
  }

  /** Findings at or above a severity ("error", "warning" or "info"). */
  function atOrAbove(findings, severity) {
    const floor = RANK[severity] === undefined ? RANK.warning : RANK[severity];
    return findings.filter((f) => RANK[f.severity] >= floor);
  }

  /** Whether a page's URL is one the user allowed. A pattern is a host ("mail.google.com"),
   * a host with `*` ("*.atlassian.net") or a host and path ("redmine.example.org/issues/*");
   * a pattern without a port matches any port. */
  function siteAllowed(href, patterns) {
    let url;
    try { url = new URL(href); } catch (e) { return false; }
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    return (patterns || []).some((raw) => {
      const pattern = String(raw).trim().toLowerCase().replace(/^https?:\/\//, "");
      if (!pattern) return false;
      const slash = pattern.indexOf("/");
      const hostPart = slash < 0 ? pattern : pattern.slice(0, slash);
      const host = hostPart.indexOf(":") < 0 ? url.hostname : url.host;
      if (!glob(hostPart).test(host)) return false;
      return slash < 0 || glob(pattern.slice(slash)).test(url.pathname);
    });
  }

  /** The browser's match patterns for the site list (for registering the content script and
   * asking for access): a port is left out (match patterns have none; siteAllowed still checks
   * it), and a site a match pattern cannot say ("jira.*.com") is returned as invalid. */
  function matchPatterns(sites) {
    const patterns = [], invalid = [];
    for (const raw of sites || []) {
      const site = String(raw).trim().toLowerCase().replace(/^https?:\/\//, "");
      if (!site) continue;
      const slash = site.indexOf("/");
      const host = (slash < 0 ? site : site.slice(0, slash)).replace(/:\d+$/, "");
      const pathPart = slash < 0 ? "/*" : site.slice(slash);
      if (/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host) && /^\/[^\s]*$/.test(pathPart)) {
        patterns.push(`*://${host}${pathPart}`);
      } else {
        invalid.push(String(raw).trim());
      }
    }
    return {patterns, invalid};
  }

  function glob(pattern) {
    const body = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${body}$`);
  }

  /** The score a badge shows: warmth 0–10, rounded. */
  function badgeText(result) {
    return result && result.warmth ? String(Math.round(result.warmth.score)) : "";
  }

  return {DEFAULTS, ServiceError, withDefaults, serverUrl, check, ruleDoc, unitIndex, span, applicable, apply,
          sentenceAround, sentencePreview, atOrAbove, siteAllowed, matchPatterns, badgeText};
});

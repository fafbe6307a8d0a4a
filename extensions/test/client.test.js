/* The shared client: code-point offsets, the sentence preview, the site patterns, and how each
 * way a call can fail is told apart. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Client = require("../client/tonecheck-client.js");

const BLAME = {rule: "blame.not-done", severity: "warning", start: 13, end: 34, text: "Вы опять не приложили",
               suggestion: "Приложите, пожалуйста,", language: "ru"};
const TEXT = "Добрый день! Вы опять не приложили счёт. Жду до пятницы.";

test("apply replaces exactly the flagged words", () => {
  assert.equal(Client.apply(TEXT, BLAME), "Добрый день! Приложите, пожалуйста, счёт. Жду до пятницы.");
});

test("offsets are code points: an emoji before the span shifts it by two UTF-16 units", () => {
  const text = "🙂 " + TEXT;
  const finding = Object.assign({}, BLAME, {start: BLAME.start + 2, end: BLAME.end + 2});
  assert.deepEqual(Client.span(text, finding), {start: 16, end: 37});
  assert.equal(Client.apply(text, finding), "🙂 Добрый день! Приложите, пожалуйста, счёт. Жду до пятницы.");
});

test("the preview is the whole sentence before and after", () => {
  assert.deepEqual(Client.sentencePreview(TEXT, BLAME),
                   {before: "Вы опять не приложили счёт.", after: "Приложите, пожалуйста, счёт.", byHand: false});
  const skeleton = Object.assign({}, BLAME, {suggestion: "Приложите… "});
  assert.equal(Client.applicable(skeleton), false);
  assert.deepEqual(Client.sentencePreview(TEXT, skeleton),
                   {before: "Вы опять не приложили счёт.", after: "Приложите…  счёт.", byHand: true});
  assert.equal(Client.sentencePreview(TEXT, Object.assign({}, BLAME, {suggestion: null})).after, null);
});

test("the service's own safety and sentence come first", () => {
  const refused = Object.assign({}, BLAME, {safety: "needs-writer"});
  assert.equal(Client.applicable(refused), false);
  assert.equal(Client.applicable(Object.assign({}, BLAME, {safety: "safe"})), true);
  const told = Object.assign({}, BLAME, {safety: "safe", sentence: {before: "Б.", after: "А."}});
  assert.deepEqual(Client.sentencePreview(TEXT, told), {before: "Б.", after: "А.", byHand: false});
});

test("a line break ends the sentence too", () => {
  const text = "Добрый день!\n\nВы опять не приложили счёт\nЖду.";
  const finding = Object.assign({}, BLAME, {start: 14, end: 35});
  assert.equal(Client.sentencePreview(text, finding).before, "Вы опять не приложили счёт");
});

test("findings at or above a severity", () => {
  const found = [{severity: "info"}, {severity: "warning"}, {severity: "error"}];
  assert.deepEqual(Client.atOrAbove(found, "warning").map((f) => f.severity), ["warning", "error"]);
  assert.deepEqual(Client.atOrAbove(found, "error").map((f) => f.severity), ["error"]);
});

test("site patterns: host, wildcard, port, path", () => {
  const sites = ["mail.google.com", "*.atlassian.net", "redmine.example.org/issues/*", "127.0.0.1:8080"];
  assert.ok(Client.siteAllowed("https://mail.google.com/mail/u/0/#inbox", sites));
  assert.ok(Client.siteAllowed("https://acme.atlassian.net/browse/SUP-1", sites));
  assert.ok(Client.siteAllowed("https://redmine.example.org/issues/4512", sites));
  assert.ok(Client.siteAllowed("http://127.0.0.1:8080/x", sites));
  assert.ok(!Client.siteAllowed("http://127.0.0.1:9090/x", sites));
  assert.ok(!Client.siteAllowed("https://redmine.example.org/projects", sites));
  assert.ok(!Client.siteAllowed("https://atlassian.net.evil.example/", sites));
  assert.ok(!Client.siteAllowed("https://mail.google.com.evil.example/", sites));
  assert.ok(!Client.siteAllowed("file:///home/me/mail.google.com", sites));
});

test("the sites as the browser's match patterns: no ports, nothing a pattern cannot say", () => {
  assert.deepEqual(Client.matchPatterns(["mail.google.com", "*.atlassian.net", "https://redmine.example.org/issues/*",
                                         "127.0.0.1:8080", "jira.*.com", "", "bad host/x"]),
                   {patterns: ["*://mail.google.com/*", "*://*.atlassian.net/*", "*://redmine.example.org/issues/*",
                               "*://127.0.0.1/*"],
                    invalid: ["jira.*.com", "bad host/x"]});
});

test("a server URL that is not http(s) is refused", () => {
  assert.equal(Client.serverUrl("http://127.0.0.1:8750/"), "http://127.0.0.1:8750");
  assert.throws(() => Client.serverUrl("javascript:alert(1)"), /must be an http\(s\) URL/);
  assert.throws(() => Client.withDefaults({server: "not a url"}), /not a URL/);
});

const SETTINGS = Client.withDefaults({server: "http://127.0.0.1:9", token: "t0ken"});

test("the request: the text, the quote apart, the token, the team's settings", async () => {
  let seen;
  const fetch = async (url, init) => {
    seen = {url, init};
    return {ok: true, status: 200, json: async () => ({findings: [], warmth: {score: 9.6}})};
  };
  const result = await Client.check(SETTINGS, {text: "Да, сделаю.", quoted: "Сделаете?"}, {fetch});
  assert.equal(Client.badgeText(result), "10");
  assert.equal(seen.url, "http://127.0.0.1:9/v1/check");
  assert.equal(seen.init.headers.Authorization, "Bearer t0ken");
  assert.deepEqual(JSON.parse(seen.init.body),
                   {text: "Да, сделаю.", quoted: "Сделаете?", language: "auto", formality: "auto", strip: true});
});

test("failures are told apart: unreachable, unauthorized, rejected, aborted", async () => {
  const reply = (status, body) => async () => ({ok: status < 400, status, json: async () => body});
  const kind = (fetch) => Client.check(SETTINGS, {text: "x"}, {fetch}).then(() => "ok", (e) => [e.kind, e.message]);
  assert.deepEqual(await kind(async () => { throw new TypeError("Failed to fetch"); }),
                   ["unreachable", "server unreachable: http://127.0.0.1:9"]);
  assert.deepEqual(await kind(reply(401, {error: "missing or wrong bearer token"})),
                   ["unauthorized", "the server refused the token"]);
  assert.deepEqual(await kind(reply(413, {error: "request body over 1000000 bytes"})),
                   ["rejected", "server error 413: request body over 1000000 bytes"]);
  const abort = Object.assign(new Error("aborted"), {name: "AbortError"});
  assert.equal((await kind(async () => { throw abort; }))[0], "aborted");
});

test("nothing is sent when nothing listens: a closed loopback port is unreachable", async () => {
  await assert.rejects(Client.check(SETTINGS, {text: "Нет."}), {kind: "unreachable"});
});

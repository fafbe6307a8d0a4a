/* The Thunderbird add-on's check before Send, with a fake `messenger` and the real service
 * (TONECHECK_SERVER, TONECHECK_TOKEN; tests/test_extensions.py starts one and runs this file). */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const {DOMParser} = require("linkedom");
const Client = require("../client/tonecheck-client.js");
const TextMap = require("../client/textmap.js");
const {createGuard} = require("../thunderbird/compose-check.js");
const View = require("../client/finding-view.js");

const SERVER = process.env.TONECHECK_SERVER;
const needsServer = SERVER ? false : "needs a running service: TONECHECK_SERVER=http://127.0.0.1:PORT";
const parseHTML = (html) => new DOMParser().parseFromString(html, "text/html");

const QUOTE = "Вы опять не приложили акт к заявке. Когда будет счёт?";
const HTML_REPLY = "<html><head></head><body><p>Добрый день, Анна!</p><p>Вы опять не приложили счёт к заявке.</p>" +
  '<div class="moz-cite-prefix">30.11.2026 10:15, Анна Петрова пишет:</div>' +
  `<blockquote type="cite">${QUOTE}</blockquote></body></html>`;

/** A compose window and the parts of `messenger` the add-on uses, recording what it is asked. */
function thunderbird(details, settings) {
  const calls = {windows: [], set: [], sent: [], sendResults: []};
  let current = Object.assign({}, details);
  let guard;
  const messenger = {
    storage: {local: {get: async () => ({settings: Object.assign({server: SERVER, token: process.env.TONECHECK_TOKEN},
                                                                 settings)})}},
    windows: {create: async (options) => { calls.windows.push(options); return {id: 1}; }},
    compose: {
      getComposeDetails: async () => Object.assign({}, current),
      setComposeDetails: async (tabId, change) => { calls.set.push([tabId, change]); Object.assign(current, change); },
      sendMessage: async (tabId) => {  // Thunderbird runs onBeforeSend again before it sends
        const result = await guard.onBeforeSend({id: tabId}, Object.assign({}, current));
        calls.sendResults.push(result);
        if (!result.cancel) calls.sent.push(tabId);
      },
    },
  };
  guard = createGuard({messenger, Client, TextMap, parseHTML});
  return {guard, calls, current: () => current};
}

test("the HTML body is the user's text; the quoted original (who wrote it, and what) is apart", () => {
  const map = TextMap.read(parseHTML(HTML_REPLY).body);
  assert.equal(map.text, "Добрый день, Анна!\nВы опять не приложили счёт к заявке.\n");
  assert.equal(map.quoted, `30.11.2026 10:15, Анна Петрова пишет:\n\n${QUOTE}`);
});

test("a rewrite across text nodes replaces exactly the span", () => {
  const doc = parseHTML("<html><body><div>Вы <b>опять</b> не приложили счёт.</div></body></html>");
  const map = TextMap.read(doc.body);
  assert.equal(map.text, "Вы опять не приложили счёт.\n");
  assert.ok(TextMap.replace(map, 0, 21, "Приложите, пожалуйста,"));
  assert.equal(doc.body.innerHTML, "<div>Приложите, пожалуйста,<b></b> счёт.</div>");
});

test("blame in the reply: the send is cancelled and the findings are shown", {skip: needsServer}, async () => {
  const tb = thunderbird({isPlainText: false, body: HTML_REPLY});
  assert.deepEqual(await tb.guard.onBeforeSend({id: 7}, {isPlainText: false, body: HTML_REPLY}), {cancel: true});
  assert.deepEqual(tb.calls.windows, [{type: "popup", url: "review.html?tab=7", width: 560, height: 520}]);
  const state = tb.guard.findings(7);
  // one blame, in the user's text: the same words in the quote are the colleague's
  assert.deepEqual(state.findings.map((f) => [f.rule, f.text, f.suggestion]),
                   [["blame.not-done", "Вы опять не приложили", "Приложите, пожалуйста,"]]);
  assert.equal(tb.calls.sent.length, 0);
});

test("Apply reaches setComposeDetails; the quote is untouched; then the send goes", {skip: needsServer}, async () => {
  const tb = thunderbird({isPlainText: false, body: HTML_REPLY});
  await tb.guard.onBeforeSend({id: 7}, {isPlainText: false, body: HTML_REPLY});
  const after = await tb.guard.apply(7, 0);
  assert.equal(tb.calls.set.length, 1);
  const [tabId, change] = tb.calls.set[0];
  assert.equal(tabId, 7);
  assert.ok(change.body.includes("<p>Приложите, пожалуйста, счёт к заявке.</p>"), change.body);
  assert.ok(change.body.includes(`<blockquote type="cite">${QUOTE}</blockquote>`), change.body);
  assert.deepEqual(after.findings, []);
  await tb.guard.send(7);  // "Send" in the review window: nothing holds it now
  assert.deepEqual(tb.calls.sent, [7]);
});

test("Send anyway lets exactly that send through; the next one is checked again", {skip: needsServer}, async () => {
  const tb = thunderbird({isPlainText: false, body: HTML_REPLY});
  await tb.guard.onBeforeSend({id: 3}, {isPlainText: false, body: HTML_REPLY});
  await tb.guard.send(3);
  assert.deepEqual(tb.calls.sent, [3]);
  assert.deepEqual(tb.calls.sendResults, [{cancel: false}]);
  assert.deepEqual(await tb.guard.onBeforeSend({id: 3}, tb.current()), {cancel: true});
});

test("plain text: the rewrite goes into plainTextBody, exactly the span", {skip: needsServer}, async () => {
  const body = "Добрый день, Анна!\n\nВы опять не приложили счёт к заявке.\n\n" +
               "30.11.2026 10:15, Анна Петрова пишет:\n> Когда будет счёт?\n";
  const tb = thunderbird({isPlainText: true, plainTextBody: body});
  assert.deepEqual(await tb.guard.onBeforeSend({id: 5}, {isPlainText: true, plainTextBody: body}), {cancel: true});
  await tb.guard.apply(5, tb.guard.findings(5).findings.findIndex((f) => f.rule === "blame.not-done"));
  assert.deepEqual(tb.calls.set, [[5, {plainTextBody: body.replace("Вы опять не приложили", "Приложите, пожалуйста,")}]]);
});

test("a clean message, or findings below the configured severity, are sent", {skip: needsServer}, async () => {
  const clean = "<html><body><p>Добрый день, Анна!</p><p>Счёт приложил к заявке, спасибо.</p></body></html>";
  const tb = thunderbird({isPlainText: false, body: clean});
  assert.deepEqual(await tb.guard.onBeforeSend({id: 1}, {isPlainText: false, body: clean}), {cancel: false});
  const lenient = thunderbird({isPlainText: false, body: HTML_REPLY}, {failOn: "error"});
  assert.deepEqual(await lenient.guard.onBeforeSend({id: 2}, {isPlainText: false, body: HTML_REPLY}), {cancel: false});
  assert.deepEqual([...tb.calls.windows, ...lenient.calls.windows], []);
});

test("a server that cannot be reached never holds mail back", async () => {
  const tb = thunderbird({isPlainText: true, plainTextBody: "Вы опять не приложили счёт."}, {server: "http://127.0.0.1:9"});
  assert.deepEqual(await tb.guard.onBeforeSend({id: 4}, {isPlainText: true, plainTextBody: "Вы опять не приложили счёт."}),
                   {cancel: false});
  assert.deepEqual(tb.calls.windows, []);
});

test("a finding as shown: message, the sentence before → after, the rule's link, Apply", () => {
  const doc = parseHTML("<html><body></body></html>");
  const text = "Добрый день! Вы опять не приложили счёт. Жду.";
  const finding = {rule: "blame.not-done", severity: "warning", message: "Упрёк.", start: 13, end: 34,
                   text: "Вы опять не приложили", suggestion: "Приложите, пожалуйста,", language: "ru"};
  let applied = 0;
  const el = View.findingElement(doc, text, finding, "rule.html", () => applied++);
  assert.deepEqual([...el.children].map((c) => [c.className, c.textContent]), [
    ["message", "Упрёк."], ["before", "Вы опять не приложили счёт."], ["after", "→ Приложите, пожалуйста, счёт."],
    ["why", "blame.not-done"], ["apply", "Применить"]]);
  assert.equal(el.querySelector("a").getAttribute("href"), "rule.html?id=blame.not-done&lang=ru");
  el.querySelector("button").dispatchEvent(new doc.defaultView.Event("click"));
  assert.equal(applied, 1);
  const skeleton = View.findingElement(doc, text, Object.assign({}, finding, {suggestion: "Приложите…"}), "rule.html");
  assert.deepEqual([...skeleton.children].map((c) => [c.className, c.textContent]), [
    ["message", "Упрёк."], ["before", "Вы опять не приложили счёт."],
    ["after by-hand", "→ Приложите… счёт. (допишите сами)"], ["why", "blame.not-done"]]);
});

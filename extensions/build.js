#!/usr/bin/env node
/* Builds the three packages from the sources, each with the one shared client:
 *   build/chromium/     + build/tonecheck-chromium-VERSION.zip      (Chrome, Edge, Chromium, Yandex Browser)
 *   build/firefox/      + build/tonecheck-firefox-VERSION.zip       (Firefox: install the .zip as an .xpi)
 *   build/thunderbird/  + build/tonecheck-thunderbird-VERSION.xpi
 * Chromium and Firefox differ only in the manifest's background (a service worker there, scripts
 * here) and Firefox's add-on id. Zips are written by web-ext (npm ci first). */
"use strict";
const fs = require("fs");
const path = require("path");
const {execFileSync} = require("child_process");

const HERE = __dirname, OUT = path.join(HERE, "build");
const CLIENT = ["client/tonecheck-client.js", "client/textmap.js", "client/finding-view.js"];
const SHARED_PAGES = ["browser/options.html", "browser/options.js", "browser/rule.html", "browser/rule.js"];

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), {recursive: true});
  fs.copyFileSync(path.join(HERE, from), to);
}

function write(dir, name, value) {
  fs.writeFileSync(path.join(dir, name), JSON.stringify(value, null, 2) + "\n");
}

function browserFiles(dir) {
  for (const name of fs.readdirSync(path.join(HERE, "browser"))) {
    if (name !== "manifest.json") copy(`browser/${name}`, path.join(dir, name));
  }
  for (const file of CLIENT) copy(file, path.join(dir, file));
}

function chromium(dir, manifest) {
  browserFiles(dir);
  write(dir, "manifest.json", manifest);
}

function firefox(dir, manifest) {
  browserFiles(dir);
  const ff = Object.assign({}, manifest, {
    background: {scripts: ["client/tonecheck-client.js", "background.js"]},
    browser_specific_settings: {
      // what you write goes to the server you configured, and only there
      gecko: {id: "tonecheck-browser@tonecheck", strict_min_version: "140.0",
              data_collection_permissions: {required: ["personalCommunications"]}},
      gecko_android: {strict_min_version: "142.0"},
    },
  });
  write(dir, "manifest.json", ff);
}

function thunderbird(dir) {
  for (const name of fs.readdirSync(path.join(HERE, "thunderbird"))) copy(`thunderbird/${name}`, path.join(dir, name));
  for (const file of CLIENT) copy(file, path.join(dir, file));
  for (const file of SHARED_PAGES) copy(file, path.join(dir, path.basename(file)));
}

function zip(dir, filename) {
  const webExt = path.join(HERE, "node_modules", ".bin", "web-ext");
  if (!fs.existsSync(webExt)) throw new Error("web-ext is not installed: run `npm ci` in extensions/ first");
  execFileSync(webExt, ["build", "--source-dir", dir, "--artifacts-dir", OUT, "--filename", filename,
                        "--overwrite-dest"], {stdio: "ignore"});
  return path.join(OUT, filename);
}

function main() {
  const manifest = JSON.parse(fs.readFileSync(path.join(HERE, "browser", "manifest.json"), "utf8"));
  const version = manifest.version;
  const targets = {
    chromium: [(dir) => chromium(dir, manifest), `tonecheck-chromium-${version}.zip`],
    firefox: [(dir) => firefox(dir, manifest), `tonecheck-firefox-${version}.zip`],
    thunderbird: [thunderbird, `tonecheck-thunderbird-${version}.xpi`],
  };
  const only = process.argv.slice(2).filter((a) => a !== "--no-zip");
  for (const [name, [assemble, filename]] of Object.entries(targets)) {
    if (only.length && !only.includes(name)) continue;
    const dir = path.join(OUT, name);
    fs.rmSync(dir, {recursive: true, force: true});  // only this package: another may be loaded in a browser
    assemble(dir);
    const done = process.argv.includes("--no-zip") ? dir : zip(dir, filename);
    console.log(path.relative(process.cwd(), done));
  }
}

main();

// Copies the ALTCHA widget's CSP-friendly build (no inline styles, no blob: workers) from
// node_modules into static/vendor/altcha, where the site serves it itself: run `npm run vendor`
// after changing its version in package.json, and commit the result.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const from = "node_modules/altcha";
const to = "static/vendor/altcha";
const version = JSON.parse(readFileSync(`${from}/package.json`, "utf8")).version;
const files = {
  "dist/external/altcha.min.js": "altcha.min.js", // a module; the UMD build injects a <style>
  "dist/external/altcha.css": "altcha.css",
  "dist/workers/pbkdf2.js": "pbkdf2.worker.js",
  "LICENSE.txt": "LICENSE.txt",
};
mkdirSync(to, { recursive: true });
for (const [source, target] of Object.entries(files)) {
  copyFileSync(`${from}/${source}`, `${to}/${target}`);
}
writeFileSync(`${to}/VERSION`, `altcha ${version} (npm), copied by scripts/vendor-altcha.mjs\n`);
console.log(`ALTCHA ${version} copied to ${to}`);

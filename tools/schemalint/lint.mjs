// Runs graphql-eslint (eslint.config.js) on the schema SDL given as the
// first argument and exits non-zero on any finding, except findings on the
// schema coordinates listed in the exemption file given as the second
// argument (internal/schemadoc/undocumented.txt, the same list the Go test
// TestEverythingIsDescribed reads): "Type", "Type.field",
// "Type.field(arg)", "Enum.VALUE", "@directive", "@directive(arg)".
import { readFileSync } from "node:fs";
import { ESLint } from "eslint";
import { parse } from "graphql";

const [sdlPath, exemptPath] = process.argv.slice(2);
const sdl = readFileSync(sdlPath, "utf8");
const exempt = new Set(
  (exemptPath ? readFileSync(exemptPath, "utf8") : "")
    .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")),
);

// Schema coordinate of every name in the document, by "line:column".
const at = new Map();
const put = (node, key) => at.set(`${node.name.loc.startToken.line}:${node.name.loc.startToken.column}`, key);
const ast = parse(sdl);
for (const def of ast.definitions) {
  if (!def.name) continue;
  const owner = def.kind === "DirectiveDefinition" ? "@" + def.name.value : def.name.value;
  put(def, owner);
  for (const f of def.fields ?? []) {
    put(f, `${owner}.${f.name.value}`);
    for (const a of f.arguments ?? []) put(a, `${owner}.${f.name.value}(${a.name.value})`);
  }
  for (const v of def.values ?? []) put(v, `${owner}.${v.name.value}`);
  for (const a of def.arguments ?? []) put(a, `${owner}(${a.name.value})`);
}

const eslint = new ESLint({ cwd: process.cwd() });
const [result] = await eslint.lintText(sdl, { filePath: "schema.graphql" });
let findings = 0, exempted = 0;
for (const m of result.messages) {
  const key = at.get(`${m.line}:${m.column}`) ?? "?";
  if (exempt.has(key)) { exempted++; continue; }
  findings++;
  console.log(`${sdlPath}:${m.line}:${m.column} ${key}: ${m.message} (${m.ruleId ?? "parse"})`);
}
console.log(`schemalint: ${findings} finding(s); ${exempted} on coordinates listed in ${exemptPath ?? "(no exemption file)"}`);
process.exit(findings > 0 ? 1 : 0);

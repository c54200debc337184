// Composition check for CI: composes Cockpit's subgraph SDL with the test
// subgraphs given on the command line, using Apollo's composition library, the
// way a router's supergraph build would. Fails on any composition error and on
// any hint at WARN level or above; prints the others.
//
//   node compose.mjs cockpit=/tmp/cockpit.graphql mentoring=../../testdata/federation/mentoring.graphql
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "graphql";
import composition from "@apollo/composition";

const { composeServices, HintLevel } = composition;

const args = process.argv.slice(2);
let out = null;
const services = [];
for (const arg of args) {
  if (arg.startsWith("--out=")) {
    out = arg.slice("--out=".length);
    continue;
  }
  const eq = arg.indexOf("=");
  if (eq <= 0) {
    console.error(`usage: node compose.mjs name=file.graphql ... [--out=supergraph.graphql]`);
    process.exit(2);
  }
  const name = arg.slice(0, eq);
  const file = arg.slice(eq + 1);
  services.push({ name, url: `http://${name}.invalid/graphql`, typeDefs: parse(readFileSync(file, "utf8")) });
}
if (services.length < 2) {
  console.error("composition needs at least two subgraphs");
  process.exit(2);
}

const result = composeServices(services);
let failed = false;
for (const hint of result.hints ?? []) {
  const level = hint.definition.level;
  const tooSevere = level.value >= HintLevel.WARN;
  failed ||= tooSevere;
  console.log(`${tooSevere ? "FAIL " : ""}hint ${level.name} ${hint.definition.code}: ${hint.message}`);
}
if (result.errors?.length) {
  for (const err of result.errors) {
    console.error(`error ${err.extensions?.code ?? ""}: ${err.message}`);
  }
  process.exit(1);
}
if (failed) {
  console.error("composition produced hints at WARN level");
  process.exit(1);
}
if (out) writeFileSync(out, result.supergraphSdl);
console.log(`composed ${services.map((s) => s.name).join(" + ")}: supergraph of ${result.supergraphSdl.length} characters`);

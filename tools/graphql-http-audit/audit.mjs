// Runs every graphql-http server audit against the Cockpit at the URL given
// as first argument (default http://127.0.0.1:8080/graphql) and exits 1 if a
// MUST or SHOULD audit fails. MAY audits are reported; all pass today.
import { serverAudits } from 'graphql-http';

const url = process.argv[2] || 'http://127.0.0.1:8080/graphql';
const audits = serverAudits({ url, fetchFn: fetch });
const results = await Promise.all(audits.map(({ fn }) => fn()));

let failed = 0;
const counts = { ok: 0, warn: 0, error: 0 };
for (const r of results) {
  counts[r.status] = (counts[r.status] || 0) + 1;
  const level = r.name.split(' ')[0];
  const bad = r.status !== 'ok';
  if (bad && (level === 'MUST' || level === 'SHOULD')) failed++;
  const mark = r.status === 'ok' ? 'ok  ' : bad && level === 'MAY' ? 'may ' : 'FAIL';
  console.log(`${mark} ${r.id} ${r.name}${bad ? ' -- ' + r.reason : ''}`);
}
console.log(`\n${results.length} audits: ${counts.ok} passed, ${results.length - counts.ok} not passed (${failed} of them MUST or SHOULD)`);
process.exit(failed > 0 ? 1 : 0);

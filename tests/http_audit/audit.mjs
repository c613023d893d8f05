// Runs the graphql-http server audit against the URL given as the only argument and prints
// one JSON object: counts per status and the name and reason of every non-ok audit.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}
const results = await auditServer({ url });
const counts = { ok: 0, warn: 0, error: 0 };
const problems = [];
for (const result of results) {
  counts[result.status] += 1;
  if (result.status !== 'ok') {
    let body = null;
    try {
      body = await result.response.text();
    } catch {
      body = null;
    }
    problems.push({
      status: result.status,
      name: result.name,
      reason: result.reason,
      httpStatus: result.response.status,
      body: body && body.slice(0, 300),
    });
  }
}
console.log(JSON.stringify({ counts, problems }, null, 2));

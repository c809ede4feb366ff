'use strict';
// A Node.js application with no QueryDoctor code: pg with OpenTelemetry's pg instrumentation, exporting its
// traces over OTLP/HTTP JSON to the URL in OTLP_TRACES_URL. It serves one "GET /authors" request that loads each
// author's books in a loop (an N+1) from the PostgreSQL database in PG_CONNECTION.
// The pg spans carry no code location of their own: the request hook below adds code.function.name,
// code.file.path and code.line.number from the stack (the hook runs synchronously inside client.query).
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
const api = require('@opentelemetry/api');

function callSite() {
  for (const frame of new Error().stack.split('\n').slice(1)) {
    const match = /at (?:([\w.<>]+) )?\(?(.+):(\d+):\d+\)?$/.exec(frame.trim());
    if (match && match[2] === __filename && match[1] && match[1] !== 'callSite' && !match[1].includes('requestHook')) {
      return { 'code.function.name': match[1], 'code.file.path': match[2], 'code.line.number': Number(match[3]) };
    }
  }
  return undefined;
}

const sdk = new NodeSDK({
  serviceName: 'shop-node',
  traceExporter: new OTLPTraceExporter({ url: process.env.OTLP_TRACES_URL }),
  instrumentations: [new PgInstrumentation({
    requestHook: (span) => {
      const site = callSite();
      if (site) span.setAttributes(site);
    },
  })],
});
sdk.start();

// Required after the SDK started, so that the instrumentation patches it.
const { Client } = require('pg');

async function loadBooks(client, authorId) {
  const result = await client.query('SELECT title FROM books WHERE author_id = $1', [authorId]);
  return result.rows;
}

async function listAuthors(client) {
  const authors = (await client.query('SELECT id, name FROM authors ORDER BY id')).rows;
  for (const author of authors) {
    author.books = await loadBooks(client, author.id);
  }
  return authors;
}

async function main() {
  const client = new Client({ connectionString: process.env.PG_CONNECTION });
  await client.connect();
  const tracer = api.trace.getTracer('shop-node');
  const authors = await tracer.startActiveSpan(
    'GET /authors',
    { kind: api.SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'http.route': '/authors', 'http.response.status_code': 200 } },
    async (span) => {
      try {
        return await listAuthors(client);
      } finally {
        span.end();
      }
    });
  await client.end();
  await sdk.shutdown();
  console.log(JSON.stringify({ authors: authors.length, books: authors.reduce((n, a) => n + a.books.length, 0) }));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});

'use strict';
// Runs @vercel/cosmosdb-server with the three fixes the Cosmos DB .NET SDK needs (see DESIGN.md):
//  1. keep-alive: the server answers `Connection: close` by default, which costs a TLS handshake per request;
//  2. query plans: on Linux the .NET SDK asks the gateway for a query plan (x-ms-cosmos-is-query-plan-request),
//     which the emulator does not implement; we answer with a pass-through plan over the single range ["", "FF");
//  3. reading a missing item makes the emulator fail with 500; the SDK (and Cosmos DB) expect 404 NotFound.
// Usage: node cosmos-emulator.js [--host 127.0.0.1] [--port 0] [--no-ssl]
// Prints one line `cosmos-emulator listening on <url>` once it accepts connections.
const { createHttpServer, createHttpsServer } = require('@vercel/cosmosdb-server');

const options = { host: '127.0.0.1', port: 0, ssl: true };
for (let i = 2; i < process.argv.length; i++) {
  switch (process.argv[i]) {
    case '--host': options.host = process.argv[++i]; break;
    case '--port': options.port = Number.parseInt(process.argv[++i], 10); break;
    case '--no-ssl': options.ssl = false; break;
    default:
      console.error(`cosmos-emulator: unknown argument ${process.argv[i]}`);
      process.exit(2);
  }
}

const server = (options.ssl ? createHttpsServer : createHttpServer)({ keepAlive: true });
const [emulatorHandler] = server.listeners('request');
server.removeAllListeners('request');

const itemPath = /^\/+dbs\/[^/]+\/colls\/[^/]+\/docs\/[^/]+\/?$/;
const isTrue = value => typeof value === 'string' && value.toLowerCase() === 'true';

const passThroughQueryPlan = JSON.stringify({
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: 'None',
    top: null,
    offset: null,
    limit: null,
    orderBy: [],
    orderByExpressions: [],
    groupByExpressions: [],
    groupByAliases: [],
    aggregates: [],
    groupByAliasToAggregateType: {},
    rewrittenQuery: '',
    hasSelectValue: false,
    hasNonStreamingOrderBy: false,
  },
  queryRanges: [{ min: '', max: 'FF', isMinInclusive: true, isMaxInclusive: false }],
});

function answerQueryPlan(req, res) {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'connection': 'keep-alive',
      'x-ms-request-charge': '0',
    });
    res.end(passThroughQueryPlan);
  });
}

function turnMissingItemErrorIntoNotFound(res) {
  const end = res.end;
  res.end = function (chunk, ...rest) {
    if (res.statusCode === 500 && !res.headersSent) {
      res.statusCode = 404;
      chunk = JSON.stringify({ code: 'NotFound', message: 'Entity with the specified id does not exist in the system.' });
    }
    return end.call(this, chunk, ...rest);
  };
}

server.on('request', (req, res) => {
  if (isTrue(req.headers['x-ms-cosmos-is-query-plan-request'])) {
    answerQueryPlan(req, res);
    return;
  }
  if (req.method === 'GET' && itemPath.test(req.url.split('?')[0])) {
    turnMissingItemErrorIntoNotFound(res);
  }
  emulatorHandler(req, res);
});

server.on('error', error => {
  console.error(`cosmos-emulator: ${error.code === 'EADDRINUSE' ? 'port in use' : 'cannot listen'}: ${error.message}`);
  process.exit(1);
});

server.listen(options.port, options.host, () => {
  const { port } = server.address();
  console.log(`cosmos-emulator listening on ${options.ssl ? 'https' : 'http'}://${options.host}:${port}/`);
});

// Runs Azurite: its Blob and Queue services on this thread and its Table service on a worker thread of its own.
// Azurite keeps every table in one in-memory database that it serializes whole every 5 s, blocking its thread for
// up to a second at a few hundred thousand rows; on a thread of its own that pause no longer stalls the queue sends
// that acknowledge events. Arguments are Azurite's own, after our own leading options:
//
//   (none)                 a child that cannot outlive its parent: the parent holds our stdin open, and when that
//                          pipe closes (the parent exited, however it died) we exit too. For tests, whose stores
//                          die with them.
//   --detach <log> <idle>  a store that outlives whoever started it, as a real storage account outlives a crashed
//                          app: it starts itself again in a session of its own (no terminal or process-group
//                          signal reaches it), output to <log>, prints its pid and returns. A Server killed by any
//                          signal leaves every write Azurite acknowledged in its memory, to be saved; the next
//                          Server adopts it. With no request for <idle> seconds it stops as below, saving its data.
const { spawn } = require("child_process");
const fs = require("fs");
const http = require("http");
const path = require("path");
const { Worker, isMainThread, parentPort, workerData } = require("worker_threads");

// Stopping it (SIGTERM) must behave like a store going down: what it acknowledged is kept, nothing else is.
// Azurite saves and closes its stores at once but lets requests already in its handlers finish and answer; a write
// that lands after the save was acknowledged and then lost. So, before a store is closed, every connection is
// dropped: a request still in flight gets no answer (its client retries), and every answer given was written
// before the save. Dropping connections (again when its servers close) also lets the process exit once its stores
// are saved, instead of waiting for clients' keep-alive connections forever. Both threads patch their own servers.
function trackServers(lastRequest) {
  const servers = new Set();
  const listen = http.Server.prototype.listen;
  http.Server.prototype.listen = function (...args) {
    servers.add(this);
    this.on("request", () => Atomics.store(lastRequest, 0, BigInt(Date.now())));
    return listen.apply(this, args);
  };
  const close = http.Server.prototype.close;
  http.Server.prototype.close = function (...args) {
    const result = close.apply(this, args);
    this.closeAllConnections();
    return result;
  };
  return () => servers.forEach((server) => server.closeAllConnections());
}

function azurite(module) {
  return require(path.join(path.dirname(require.resolve("azurite/package.json")), "dist", "src", module));
}

function listening(service, server) {
  console.log(`Azurite ${service} service is successfully listening at ${server.getHttpServerAddress()}`);
}

// The worker: Azurite's Table service, configured as Azurite's own launcher (dist/src/azurite.js) configures it.
async function runTable() {
  const dropConnections = trackServers(workerData.lastRequest);
  const env = new (azurite("common/Environment").default)();
  const location = await env.location();
  const debug = await env.debug();
  const config = new (azurite("table/TableConfiguration").default)(
    env.tableHost(), env.tablePort(), env.tableKeepAliveTimeout(),
    path.join(location, azurite("table/utils/constants").DEFAULT_TABLE_LOKI_DB_PATH),
    debug !== undefined, !env.silent(), undefined, debug, env.loose(), env.skipApiVersionCheck(),
    env.cert(), env.key(), env.pwd(), env.oauth(), env.disableProductStyleUrl(), env.inMemoryPersistence());
  const server = new (azurite("table/TableServer").default)(config);
  await server.start();
  listening("Table", server);
  parentPort.once("message", async () => {
    dropConnections();
    await server.close();
    parentPort.close();
  });
}

// The main thread: Azurite's Blob and Queue services, and the Table worker.
async function runBlobAndQueue(lastRequest) {
  const dropConnections = trackServers(lastRequest);
  const table = new Worker(__filename, { argv: process.argv.slice(2), workerData: { lastRequest } });
  table.on("error", (error) => {
    console.error(`Exit due to unhandled error in the Table service: ${error.message}`);
    process.exit(1);
  });

  const env = new (azurite("common/Environment").default)();
  const location = await env.location();
  fs.mkdirSync(location, { recursive: true });
  const debug = await env.debug();
  const queueConstants = azurite("queue/utils/constants");
  queueConstants.DEFAULT_QUEUE_PERSISTENCE_ARRAY[0].locationPath = path.join(location, queueConstants.DEFAULT_QUEUE_PERSISTENCE_PATH);
  const blob = await new (azurite("blob/BlobServerFactory").BlobServerFactory)().createServer(env);
  const queue = new (azurite("queue/QueueServer").default)(new (azurite("queue/QueueConfiguration").default)(
    env.queueHost(), env.queuePort(), env.queueKeepAliveTimeout(),
    path.join(location, queueConstants.DEFAULT_QUEUE_LOKI_DB_PATH),
    path.join(location, queueConstants.DEFAULT_QUEUE_EXTENT_LOKI_DB_PATH),
    queueConstants.DEFAULT_QUEUE_PERSISTENCE_ARRAY, !env.silent(), undefined, debug !== undefined, debug,
    env.loose(), env.skipApiVersionCheck(), env.cert(), env.key(), env.pwd(), env.oauth(),
    env.disableProductStyleUrl(), env.inMemoryPersistence()));
  azurite("common/Logger").configLogger(blob.config.enableDebugLog, blob.config.debugLogFilePath);
  azurite("common/ConfigurationBase").setExtentMemoryLimit(env, true);
  await blob.start();
  listening("Blob", blob);
  await queue.start();
  listening("Queue", queue);

  process.once("SIGTERM", () => {
    dropConnections();
    table.postMessage("shutdown");
    blob.close();
    queue.close();
  });
}

if (!isMainThread) {
  runTable().catch((error) => {
    console.error(`Exit due to unhandled error: ${error.message}`);
    process.exit(1);
  });
  return;
}

const args = process.argv.slice(2);
if (args[0] === "--detach") {
  const [, log, idleSeconds, ...options] = args;
  const out = fs.openSync(log, "w");
  const child = spawn(process.execPath, [__filename, "--detached", idleSeconds, ...options], {
    detached: true,
    stdio: ["ignore", out, out],
  });
  child.unref();
  console.log(JSON.stringify({ pid: child.pid }));
  process.exit(0);
}

const detached = args[0] === "--detached";
const idleMs = detached ? Number(args[1]) * 1000 : 0;
process.argv.splice(2, detached ? 2 : 0);
if (!detached) {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
  process.once("SIGTERM", () => process.stdin.destroy());
}

const lastRequest = new BigInt64Array(new SharedArrayBuffer(8));
Atomics.store(lastRequest, 0, BigInt(Date.now()));
if (idleMs > 0) {
  const idleCheck = setInterval(() => {
    if (Date.now() - Number(Atomics.load(lastRequest, 0)) > idleMs) {
      clearInterval(idleCheck);
      process.kill(process.pid, "SIGTERM");
    }
  }, Math.min(idleMs, 30_000));
  idleCheck.unref();
}

runBlobAndQueue(lastRequest).catch((error) => {
  console.error(`Exit due to unhandled error: ${error.message}`);
  process.exit(1);
});

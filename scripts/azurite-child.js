// Runs Azurite. Arguments are passed to Azurite unchanged, after our own leading options:
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

const args = process.argv.slice(2);
if (args[0] === "--detach") {
  const [, log, idleSeconds, ...azurite] = args;
  const out = fs.openSync(log, "w");
  const child = spawn(process.execPath, [__filename, "--detached", idleSeconds, ...azurite], {
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
}

// Stopping it (SIGTERM) must behave like a store going down: what it acknowledged is kept, nothing else is.
// Azurite saves and closes its stores at once but lets requests already in its handlers finish and answer; a write
// that lands after the save was acknowledged and then lost. So, before Azurite's own handler runs, every connection
// is dropped: a request still in flight gets no answer (its client retries), and every answer given was written
// before the save. Dropping connections (again when its servers close) and releasing stdin also lets the process
// exit once its stores are saved, instead of waiting for clients' keep-alive connections forever.
const http = require("http");
const servers = new Set();
let lastRequest = Date.now();
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  servers.add(this);
  this.on("request", () => (lastRequest = Date.now()));
  return listen.apply(this, args);
};
const close = http.Server.prototype.close;
http.Server.prototype.close = function (...args) {
  const result = close.apply(this, args);
  this.closeAllConnections();
  return result;
};
process.once("SIGTERM", () => {
  for (const server of servers) server.closeAllConnections();
  if (!detached) process.stdin.destroy();
});

if (idleMs > 0) {
  const idleCheck = setInterval(() => {
    if (Date.now() - lastRequest > idleMs) {
      clearInterval(idleCheck);
      process.kill(process.pid, "SIGTERM");
    }
  }, Math.min(idleMs, 30_000));
  idleCheck.unref();
}

require("azurite/dist/src/azurite.js");

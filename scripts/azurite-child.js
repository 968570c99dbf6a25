// Runs Azurite as a child that cannot outlive its parent: the parent holds our stdin open, and when that pipe
// closes (the parent exited, however it died) we exit too. Arguments are passed to Azurite unchanged.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();

// Stopping it (SIGTERM) must behave like a store going down: what it acknowledged is kept, nothing else is.
// Azurite saves and closes its stores at once but lets requests already in its handlers finish and answer; a write
// that lands after the save was acknowledged and then lost. So, before Azurite's own handler runs, every connection
// is dropped: a request still in flight gets no answer (its client retries), and every answer given was written
// before the save. Dropping connections (again when its servers close) and releasing stdin also lets the process
// exit once its stores are saved, instead of waiting for clients' keep-alive connections forever.
const http = require("http");
const servers = new Set();
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  servers.add(this);
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
  process.stdin.destroy();
});

require("azurite/dist/src/azurite.js");

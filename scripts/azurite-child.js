// Runs Azurite as a child that cannot outlive its parent: the parent holds our stdin open, and when that pipe
// closes (the parent exited, however it died) we exit too. Arguments are passed to Azurite unchanged.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();

// On SIGTERM Azurite saves and closes its stores, then waits for every client's keep-alive connection to end, which
// under load is never: drop the connections when its servers close, and stop holding stdin, so the process exits
// once its stores are saved instead of being killed by whoever stopped it.
const http = require("http");
const close = http.Server.prototype.close;
http.Server.prototype.close = function (...args) {
  const result = close.apply(this, args);
  this.closeAllConnections();
  return result;
};
process.once("SIGTERM", () => process.stdin.destroy());

require("azurite/dist/src/azurite.js");

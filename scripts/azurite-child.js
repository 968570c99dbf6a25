// Runs Azurite as a child that cannot outlive its parent: the parent holds our stdin open, and when that pipe
// closes (the parent exited, however it died) we exit too. Arguments are passed to Azurite unchanged.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
require("azurite/dist/src/azurite.js");

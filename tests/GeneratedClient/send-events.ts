// A client generated from Sluice's OpenAPI document (openapi-typescript's types over openapi-fetch), nobody's code
// here but this script: it must type-check against the generated types, then send events through the typed client.
// Run by tests/Server.Tests/ApiReference/GeneratedClientTests.cs, which generates ./sluice-api.d.ts first.
import createClient from "openapi-fetch";
import type { components, paths } from "./sluice-api.js";

declare const process: { env: Record<string, string | undefined> };

type Problem = components["schemas"]["Problem"];

const client = createClient<paths>({
  baseUrl: process.env.SLUICE_URL,
  headers: { Authorization: `Bearer ${process.env.SLUICE_KEY}` },
});

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(what);
  }
}

const one = await client.POST("/api/events", {
  body: { id: "generated-one", type: "client.generated", payload: { from: "openapi-fetch" } },
});
check(one.response.status === 202, `one event: ${one.response.status}`);
check(one.data?.accepted === 1 && one.data.ids[0] === "generated-one", `one event answered ${JSON.stringify(one.data)}`);

const batch = await client.POST("/api/events", {
  body: {
    events: [
      { id: "generated-two", type: "client.generated", payload: [1, 2, 3], occurredAt: new Date().toISOString() },
      { type: "client.generated", payload: "no id: the server assigns one" },
    ],
  },
});
check(batch.response.status === 202, `batch: ${batch.response.status}`);
check(batch.data?.accepted === 2 && batch.data.ids[0] === "generated-two", `batch answered ${JSON.stringify(batch.data)}`);

const refused = await client.POST("/api/events", { body: { type: "not a valid type", payload: {} } });
const problem: Problem | undefined = refused.error;
check(refused.response.status === 422, `bad event: ${refused.response.status}`);
check(problem?.type === "urn:sluice:problem:invalid-events", `bad event answered ${JSON.stringify(problem)}`);

console.log(JSON.stringify({ sent: [...(one.data?.ids ?? []), ...(batch.data?.ids ?? [])], refused: problem?.type }));

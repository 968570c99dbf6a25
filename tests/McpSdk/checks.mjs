// What every MCP client must be able to do with Sluice's /mcp, whichever SDK and revision it speaks: list the tools,
// call each, and find every structured result valid against the tool's own output schema, with readable text beside
// it; and get a tool error that says why for a bad argument. Shared by the v1 (session) and v2 (stateless) tests.
import assert from "node:assert/strict";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

export const env = {
  urls: process.env.SLUICE_MCP_URLS.split(",").map((u) => new URL(u)),
  requestInit: { headers: { Authorization: `Bearer ${process.env.SLUICE_KEY}` } },
  eventIds: process.env.SLUICE_EVENT_IDS.split(","),
};

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

function validate(tool, result) {
  assert.equal(result.isError ?? false, false, `${tool.name} failed: ${JSON.stringify(result.content)}`);
  const check = ajv.compile(tool.outputSchema);
  assert.ok(check(result.structuredContent), `${tool.name}: ${ajv.errorsText(check.errors)} in ${JSON.stringify(result.structuredContent)}`);
  const text = result.content.find((c) => c.type === "text")?.text;
  assert.ok(text, `${tool.name} returned no text content`);
  assert.ok(!text.includes("\\u0022"), `${tool.name}'s text is escaped JSON: ${text.slice(0, 80)}`);
  assert.deepEqual(JSON.parse(text), result.structuredContent);
}

export async function everyTool(client) {
  const [withTime, withoutTime] = env.eventIds;
  const calls = { search_events: {}, recent_events: { limit: 5 }, get_event: { id: withoutTime }, get_usage: {} };
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), Object.keys(calls).sort());
  for (const tool of tools) {
    assert.ok(tool.outputSchema, `${tool.name} has no output schema`);
    validate(tool, await client.callTool({ name: tool.name, arguments: calls[tool.name] }));
  }
  validate(tools.find((t) => t.name === "get_event"), await client.callTool({ name: "get_event", arguments: { id: withTime } }));
}

export async function badArguments(client) {
  for (const [name, args, reason] of [
    ["recent_events", { limit: "ten" }, /limit must be an integer/],
    ["recent_events", { limit: 1000 }, /limit/],
    ["search_events", { from: "yesterday" }, /from/],
    ["get_event", {}, /id is required/],
    ["get_event", { id: "no-such-event" }, /no-such-event/],
  ]) {
    const result = await client.callTool({ name, arguments: args });
    assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} was not an error`);
    const text = result.content.map((c) => c.text ?? "").join(" ");
    assert.match(text, reason, `${name} ${JSON.stringify(args)}: ${text}`);
    assert.doesNotMatch(text, /An error occurred invoking/, `${name} ${JSON.stringify(args)} gave no reason: ${text}`);
  }
}

// Sluice's /mcp driven by the official MCP TypeScript SDK (the SDK behind the MCP Inspector and most agents):
// list the tools, call each, validate every result's structured content against the tool's own output schema, and
// resume the session on a second Sluice instance. Run by tests/Server.Tests (McpTypeScriptSdkTests), which starts
// the instances and passes: SLUICE_MCP_URLS (two /mcp URLs, comma-separated), SLUICE_KEY, SLUICE_EVENT_IDS
// (an event with occurredAt, then one without).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

const [first, second] = process.env.SLUICE_MCP_URLS.split(",").map((u) => new URL(u));
const requestInit = { headers: { Authorization: `Bearer ${process.env.SLUICE_KEY}` } };
const [withTime, withoutTime] = process.env.SLUICE_EVENT_IDS.split(",");
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

async function connect(url, sessionId) {
  const transport = new StreamableHTTPClientTransport(url, { requestInit, sessionId });
  const client = new Client({ name: "sluice-sdk-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

function validate(tool, result) {
  assert.equal(result.isError ?? false, false, `${tool.name} failed: ${JSON.stringify(result.content)}`);
  const check = ajv.compile(tool.outputSchema);
  assert.ok(check(result.structuredContent), `${tool.name}: ${ajv.errorsText(check.errors)} in ${JSON.stringify(result.structuredContent)}`);
  const text = result.content.find((c) => c.type === "text")?.text;
  assert.ok(text, `${tool.name} returned no text content`);
  assert.ok(!text.includes("\\u0022"), `${tool.name}'s text is escaped JSON: ${text.slice(0, 80)}`);
  assert.deepEqual(JSON.parse(text), result.structuredContent);
}

const calls = {
  search_events: {},
  recent_events: { limit: 5 },
  get_event: { id: withoutTime },
  get_usage: {},
};

async function everyTool(client) {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), Object.keys(calls).sort());
  for (const tool of tools) {
    assert.ok(tool.outputSchema, `${tool.name} has no output schema`);
    ajv.compile(tool.outputSchema);
    validate(tool, await client.callTool({ name: tool.name, arguments: calls[tool.name] }));
  }
  validate(tools.find((t) => t.name === "get_event"), await client.callTool({ name: "get_event", arguments: { id: withTime } }));
  return tools;
}

test("the session revision: every tool, every result valid against its schema, on the instance that opened the session", async () => {
  const { client, transport } = await connect(first);
  try {
    assert.equal(transport.protocolVersion, "2025-11-25");
    await everyTool(client);
  } finally {
    await client.close();
  }
});

test("the session resumed on a second instance: the same tools and results", async () => {
  const opened = await connect(first);
  const sessionId = opened.transport.sessionId;
  assert.ok(sessionId, "no session id");
  const resumed = await connect(second, sessionId);
  try {
    assert.equal(resumed.transport.sessionId, sessionId);
    await everyTool(resumed.client);
  } finally {
    await resumed.transport.terminateSession();
  }
});

test("a wrong-typed or bad argument is a tool error that says why", async () => {
  const { client } = await connect(first);
  try {
    for (const [name, args, reason] of [
      ["recent_events", { limit: "ten" }, /limit/],
      ["recent_events", { limit: 1000 }, /limit/],
      ["search_events", { from: "yesterday" }, /from/],
      ["get_event", { id: "no-such-event" }, /no-such-event|not found|No event/i],
    ]) {
      const result = await client.callTool({ name, arguments: args });
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} was not an error`);
      const text = result.content.map((c) => c.text ?? "").join(" ");
      assert.match(text, reason, `${name} ${JSON.stringify(args)}: ${text}`);
      assert.doesNotMatch(text, /An error occurred invoking/, `${name} ${JSON.stringify(args)} gave no reason: ${text}`);
    }
  } finally {
    await client.close();
  }
});

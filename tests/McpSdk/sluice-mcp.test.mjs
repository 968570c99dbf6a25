// Sluice's /mcp driven by the official MCP TypeScript SDK v1 (@modelcontextprotocol/sdk, behind the MCP Inspector
// and most agents) in the session revision (2025-11-25): every tool on the instance that opened the session and on
// a second instance that resumes it. Run by tests/Server.Tests (McpTypeScriptSdkTests), which starts the instances.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { env, everyTool, badArguments } from "./checks.mjs";

async function connect(url, sessionId) {
  const transport = new StreamableHTTPClientTransport(url, { requestInit: env.requestInit, sessionId });
  const client = new Client({ name: "sluice-sdk-v1-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

test("v1, session revision: every tool valid against its schema, on the instance that opened the session", async () => {
  const { client, transport } = await connect(env.urls[0]);
  try {
    assert.equal(transport.protocolVersion, "2025-11-25");
    await everyTool(client);
    await badArguments(client);
  } finally {
    await client.close();
  }
});

test("v1, session revision: the session resumed on a second instance", async () => {
  const opened = await connect(env.urls[0]);
  const sessionId = opened.transport.sessionId;
  assert.ok(sessionId, "no session id");
  const resumed = await connect(env.urls[1], sessionId);
  try {
    assert.equal(resumed.transport.sessionId, sessionId);
    await everyTool(resumed.client);
  } finally {
    await resumed.transport.terminateSession();
  }
});

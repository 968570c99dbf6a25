// Sluice's /mcp driven by the official MCP TypeScript SDK v2 (@modelcontextprotocol/client) pinned to the stateless
// revision (2026-07-28: no initialize, no session; every request states its version): every tool, through each of
// two instances. Run by tests/Server.Tests (McpTypeScriptSdkTests), which starts the instances.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { env, everyTool, badArguments } from "./checks.mjs";

for (const [i, url] of env.urls.entries()) {
  test(`v2, stateless revision: every tool valid against its schema, on instance ${i + 1}`, async () => {
    const transport = new StreamableHTTPClientTransport(url, { requestInit: env.requestInit });
    const client = new Client({ name: "sluice-sdk-v2-test", version: "1.0.0" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
    await client.connect(transport);
    try {
      assert.equal(transport.protocolVersion, "2026-07-28");
      assert.equal(transport.sessionId, undefined);
      await everyTool(client);
      await badArguments(client);
    } finally {
      await client.close();
    }
  });
}

// Runs every interop case with every client against a running interop server and prints one line per case,
// then "N passed, M failed". Usage: node main.mjs --h2c PORT --http1 PORT --buf PATH --protos DIR,DIR --sets A,B
import { parseArgs } from "node:util";
import { bufCurlCases } from "./bufcurl.mjs";
import { connectCases } from "./connect.mjs";
import { grpcJsCases } from "./grpcjs.mjs";
import { runSuite } from "./cases.mjs";

const { values } = parseArgs({
  options: {
    h2c: { type: "string" }, http1: { type: "string" }, buf: { type: "string" },
    protos: { type: "string" }, sets: { type: "string" }, clients: { type: "string" }, cases: { type: "string" },
  },
});
const common = {
  h2cPort: Number(values.h2c), http1Port: Number(values.http1), buf: values.buf,
  protoDirs: values.protos.split(","), descriptorSets: values.sets.split(","),
};

// Cases a client cannot express are listed with the reason; they count as neither passed nor failed.
const bufCurlSkips = {
  custom_metadata: "buf curl has no way to assert on received -bin trailers in its output (only verbose logs)",
  client_compressed_unary: "buf curl has no option to compress requests",
  server_compressed_unary: "buf curl does not report whether a response message was compressed",
  server_compressed_streaming: "buf curl does not report whether a response message was compressed",
  timeout_on_sleeping_server: "buf curl sends no grpc-timeout (its --timeout only bounds the command)",
  cancel_after_first_response: "buf curl cannot cancel a call after the first message",
  health_watch: "Watch never ends and buf curl cannot stop after the first message",
};
const clients = {
  "grpc-js": () => grpcJsCases(common),
  "connect-grpc": () => connectCases({ ...common, protocol: "grpc" }),
  "connect-grpc-web": () => connectCases({ ...common, protocol: "grpc-web" }),
  "buf-curl-grpc": () => bufCurlCases({ ...common, variant: "grpc" }),
  "buf-curl-grpcweb": () => bufCurlCases({ ...common, variant: "grpcweb" }),
  "buf-curl-grpcweb-http1": () => bufCurlCases({ ...common, variant: "grpcweb-http1" }),
};

console.log("note: connect-node has no gRPC-Web text mode (application/grpc-web-text): only binary gRPC-Web is exercised");
const selected = values.clients ? values.clients.split(",") : Object.keys(clients);
const only = values.cases ? values.cases.split(",") : undefined;
let passed = 0;
let failed = 0;
const skipped = [];
for (const name of selected) {
  let suite;
  try {
    suite = clients[name]();
  } catch (e) {
    console.log(`FAIL ${name} setup: ${e.message}`);
    failed++;
    continue;
  }
  const implementations = name.startsWith("buf-curl") ? { ...bufCurlSkips, ...suite.cases } : suite.cases;
  const tally = await runSuite(name, implementations, { only });
  suite.close();
  passed += tally.passed;
  failed += tally.failed;
  skipped.push(...tally.skipped);
}
console.log(`skipped ${skipped.length} (client cannot express the case; listed above as SKIP)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// The interop cases every client runs, their fixed inputs, and the small harness that times and reports them.
// Sizes and strings follow the public gRPC interop test descriptions.
import { randomUUID } from "node:crypto";

export const Codes = {
  OK: 0, CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12, INTERNAL: 13,
};

export const LARGE_REQUEST = 271828;
export const LARGE_RESPONSE = 314159;
export const STREAM_SIZES = [31415, 9, 2653, 58979];
export const SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n";
export const ECHO_INITIAL_KEY = "x-grpc-test-echo-initial";
export const ECHO_INITIAL_VALUE = "test_initial_metadata_value";
export const ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin";
export const ECHO_TRAILING_VALUE = Buffer.from([0xab, 0xab, 0xab, 0xab]);
export const CALL_ID_KEY = "x-interop-call-id";
// One byte over the server's default 4 MiB receive limit once framed as a message.
export const OVERSIZE_BODY = 4 * 1024 * 1024 + 1;
// The health status enum value SERVING.
export const SERVING = 1;
// The health status a Watch of an unknown service reports.
export const SERVICE_UNKNOWN = 3;

/** Every case name, in run order. */
export const CASES = [
  "empty_unary", "large_unary", "server_streaming", "status_code_and_message", "special_status_message",
  "custom_metadata", "unimplemented_method", "unimplemented_service", "client_compressed_unary",
  "server_compressed_unary", "server_compressed_streaming", "timeout_on_sleeping_server",
  "cancel_after_first_response", "oversize_request", "health_check", "health_watch",
];

export const newCallId = () => randomUUID();
export const zeros = (n) => new Uint8Array(n);

export class CaseFailure extends Error {}

export function check(condition, message) {
  if (!condition) {
    throw new CaseFailure(message);
  }
}

export function checkEqual(actual, expected, what) {
  check(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function checkBytes(actual, expected, what) {
  const a = Buffer.from(actual ?? []);
  check(a.equals(Buffer.from(expected)), `${what}: expected ${Buffer.from(expected).toString("hex")}, got ${a.toString("hex")}`);
}

/** Checks a payload body: its size, and that it is all zeros (COMPRESSABLE). */
export function checkPayload(body, size, what) {
  const b = Buffer.from(body ?? []);
  checkEqual(b.length, size, `${what} size`);
  check(b.every((x) => x === 0), `${what}: body is not all zeros`);
}

/**
 * Runs one client's cases in order. Each case gets `timeoutMs`; a case function returns nothing to pass,
 * throws to fail, or returns { skip: "reason" }. Prints one line per case and returns the tallies.
 */
export async function runSuite(client, implementations, { only, timeoutMs = 20000 } = {}) {
  const tally = { passed: 0, failed: 0, skipped: [] };
  for (const name of CASES) {
    if (only && !only.includes(name)) {
      continue;
    }
    const impl = implementations[name];
    if (typeof impl === "string") {
      tally.skipped.push(`${client} ${name}: ${impl}`);
      console.log(`SKIP ${client} ${name}: ${impl}`);
      continue;
    }
    if (!impl) {
      continue;
    }
    let timer;
    const started = Date.now();
    try {
      await Promise.race([
        impl(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new CaseFailure(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      tally.passed++;
      console.log(`PASS ${client} ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      tally.failed++;
      const reason = e instanceof CaseFailure ? e.message : `${e?.name ?? "Error"}: ${e?.message ?? e}`;
      console.log(`FAIL ${client} ${name}: ${reason.replace(/\n/g, "\\n")}`);
    } finally {
      clearTimeout(timer);
    }
  }
  return tally;
}

// A subset of the interop cases through `buf curl`, which learns the schema from the server's reflection service
// (or, for gRPC-Web over HTTP/1.1 where reflection's bidi stream cannot run, from a descriptor set).
import { spawn } from "node:child_process";
import * as C from "./cases.mjs";

// buf curl exits with the gRPC code shifted left by three bits when the RPC fails with a status.
const statusOfExit = (exitCode) => (exitCode >= 8 ? exitCode >> 3 : null);

function run(buf, args, stdin) {
  return new Promise((resolve, reject) => {
    const child = spawn(buf, args, { stdio: ["pipe", "pipe", "pipe"], timeout: 15000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", reject);
    // buf may exit before reading its input (a usage error); its exit status tells that, not EPIPE.
    child.stdin.on("error", () => {});
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/**
 * `variant`: "grpc" (h2c, reflection), "grpcweb" (gRPC-Web over h2c, reflection) or "grpcweb-http1"
 * (gRPC-Web over HTTP/1.1 with the schema from `descriptorSet`).
 */
export function bufCurlCases({ variant, buf, h2cPort, http1Port, descriptorSets }) {
  const base = variant === "grpcweb-http1" ? `http://127.0.0.1:${http1Port}` : `http://127.0.0.1:${h2cPort}`;
  const flags = {
    grpc: ["--protocol", "grpc", "--http2-prior-knowledge"],
    grpcweb: ["--protocol", "grpcweb", "--http2-prior-knowledge"],
    "grpcweb-http1": ["--protocol", "grpcweb", ...descriptorSets.flatMap((s) => ["--schema", s])],
  }[variant];

  async function call(method, body) {
    const result = await run(buf, ["curl", ...flags, "--emit-defaults", "--data", "@-", `${base}/${method}`], JSON.stringify(body));
    if (result.signal) {
      throw new C.CaseFailure(`buf curl killed by ${result.signal}: ${result.stderr.trim()}`);
    }
    return result;
  }

  async function ok(method, body) {
    const r = await call(method, body);
    C.check(r.code === 0, `exit ${r.code}: ${r.stderr.trim()}`);
    return JSON.parse(r.stdout);
  }

  async function status(method, body, code, message) {
    const r = await call(method, body);
    C.checkEqual(statusOfExit(r.code), code, `status code (stderr: ${r.stderr.trim()})`);
    if (message !== undefined) {
      C.checkEqual(JSON.parse(r.stderr).message, message, "status message");
    }
  }

  return {
    close: () => {},
    cases: {
      empty_unary: async () => {
        C.checkEqual(JSON.stringify(await ok("grpc.testing.TestService/EmptyCall", {})), "{}", "response");
      },
      large_unary: async () => {
        const body = Buffer.alloc(C.LARGE_REQUEST).toString("base64");
        const response = await ok("grpc.testing.TestService/UnaryCall", { responseSize: C.LARGE_RESPONSE, payload: { body } });
        C.checkPayload(Buffer.from(response.payload.body, "base64"), C.LARGE_RESPONSE, "response payload");
      },
      server_streaming: async () => {
        const r = await call("grpc.testing.TestService/StreamingOutputCall", { responseParameters: C.STREAM_SIZES.map((size) => ({ size })) });
        C.check(r.code === 0, `exit ${r.code}: ${r.stderr.trim()}`);
        // One pretty-printed JSON object per message, back to back.
        const messages = JSON.parse(`[${r.stdout.trim().replace(/}\s*{/g, "},{")}]`);
        C.checkEqual(messages.length, C.STREAM_SIZES.length, "message count");
        messages.forEach((m, i) => C.checkPayload(Buffer.from(m.payload.body, "base64"), C.STREAM_SIZES[i], `message ${i}`));
      },
      status_code_and_message: async () => {
        await status("grpc.testing.TestService/UnaryCall", { responseStatus: { code: 2, message: "test status message" } }, 2, "test status message");
      },
      special_status_message: async () => {
        await status("grpc.testing.TestService/UnaryCall", { responseStatus: { code: 2, message: C.SPECIAL_MESSAGE } }, 2, C.SPECIAL_MESSAGE);
      },
      unimplemented_method: async () => {
        await status("grpc.testing.TestService/UnimplementedCall", {}, C.Codes.UNIMPLEMENTED);
      },
      unimplemented_service: async () => {
        await status("grpc.testing.UnimplementedService/UnimplementedCall", {}, C.Codes.UNIMPLEMENTED);
      },
      oversize_request: async () => {
        const body = Buffer.alloc(C.OVERSIZE_BODY).toString("base64");
        await status("grpc.testing.TestService/UnaryCall", { payload: { body } }, C.Codes.RESOURCE_EXHAUSTED);
      },
      health_check: async () => {
        C.checkEqual((await ok("grpc.health.v1.Health/Check", { service: "" })).status, "SERVING", "overall status");
        await status("grpc.health.v1.Health/Check", { service: "no.such.Service" }, C.Codes.NOT_FOUND);
      },
    },
  };
}

// The interop cases through @connectrpc/connect-node: gRPC over h2c (createGrpcTransport) and gRPC-Web (binary)
// over HTTP/1.1 (createGrpcWebTransport). Messages come from FileDescriptorSets built by `buf build` at test time.
import { readFileSync } from "node:fs";
import { createFileRegistry, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, decodeBinaryHeader, encodeBinaryHeader } from "@connectrpc/connect";
import { compressionGzip, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import * as C from "./cases.mjs";

function loadRegistry(descriptorSets) {
  return createFileRegistry(...descriptorSets.map((path) => createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(path)))));
}

function service(registry, name) {
  const desc = registry.getService(name);
  if (!desc) {
    throw new Error(`descriptor set has no service ${name}`);
  }
  return desc;
}

/** Expects `promise` to fail with a ConnectError of `code` (and `message` when given). */
async function expectStatus(promise, code, message) {
  try {
    await promise;
  } catch (e) {
    if (!(e instanceof ConnectError)) {
      throw e;
    }
    C.checkEqual(e.code, code, `status code (${e.rawMessage})`);
    if (message !== undefined) {
      C.checkEqual(e.rawMessage, message, "status message");
    }
    return e;
  }
  throw new C.CaseFailure(`expected status ${code}, got OK`);
}

async function collect(stream, onMessage = () => {}) {
  const messages = [];
  try {
    for await (const m of stream) {
      messages.push(m);
      onMessage(m, messages.length);
    }
  } catch (e) {
    e.messages = messages;
    throw e;
  }
  return messages;
}

/**
 * `protocol` is "grpc" (HTTP/2 prior knowledge on the h2c port) or "grpc-web" (HTTP/1.1 on the http1 port).
 */
export function connectCases({ protocol, h2cPort, http1Port, descriptorSets }) {
  const registry = loadRegistry(descriptorSets);
  const makeTransport = (extra = {}) => protocol === "grpc"
    ? createGrpcTransport({ baseUrl: `http://127.0.0.1:${h2cPort}`, httpVersion: "2", ...extra })
    : createGrpcWebTransport({ baseUrl: `http://127.0.0.1:${http1Port}`, httpVersion: "1.1", ...extra });
  const transport = makeTransport();
  const gzipTransport = makeTransport({ sendCompression: compressionGzip, compressMinBytes: 0 });
  const test = createClient(service(registry, "grpc.testing.TestService"), transport);
  const gzipTest = createClient(service(registry, "grpc.testing.TestService"), gzipTransport);
  const unimplemented = createClient(service(registry, "grpc.testing.UnimplementedService"), transport);
  const probe = createClient(service(registry, "grpc.testing.InteropProbe"), transport);
  const health = createClient(service(registry, "grpc.health.v1.Health"), transport);
  const opts = (extra = {}) => ({ timeoutMs: 10000, ...extra });

  const cancellationSeen = async (callId) => {
    const report = await probe.awaitCancellation({ callId, waitMs: 3000 }, opts());
    C.check(report.seen, "the server's handler never saw its cancellation token fire");
  };

  const echoHeaders = () => {
    const h = new Headers();
    h.set(C.ECHO_INITIAL_KEY, C.ECHO_INITIAL_VALUE);
    h.set(C.ECHO_TRAILING_KEY, encodeBinaryHeader(C.ECHO_TRAILING_VALUE));
    return h;
  };

  return {
    close: () => {},
    cases: {
      empty_unary: async () => {
        const response = await test.emptyCall({}, opts());
        C.checkEqual(response.$typeName, "grpc.testing.Empty", "response type");
      },
      large_unary: async () => {
        const response = await test.unaryCall({ responseSize: C.LARGE_RESPONSE, payload: { body: C.zeros(C.LARGE_REQUEST) } }, opts());
        C.checkPayload(response.payload?.body, C.LARGE_RESPONSE, "response payload");
      },
      server_streaming: async () => {
        const messages = await collect(test.streamingOutputCall({ responseParameters: C.STREAM_SIZES.map((size) => ({ size })) }, opts()));
        C.checkEqual(messages.length, C.STREAM_SIZES.length, "message count");
        messages.forEach((m, i) => C.checkPayload(m.payload?.body, C.STREAM_SIZES[i], `message ${i}`));
      },
      status_code_and_message: async () => {
        const responseStatus = { code: 2, message: "test status message" };
        await expectStatus(test.unaryCall({ responseStatus }, opts()), Code.Unknown, responseStatus.message);
        await expectStatus(collect(test.streamingOutputCall({ responseStatus }, opts())), Code.Unknown, responseStatus.message);
      },
      special_status_message: async () => {
        await expectStatus(test.unaryCall({ responseStatus: { code: 2, message: C.SPECIAL_MESSAGE } }, opts()), Code.Unknown, C.SPECIAL_MESSAGE);
      },
      custom_metadata: async () => {
        let headers;
        let trailers;
        const response = await test.unaryCall(
          { responseSize: 314159, payload: { body: C.zeros(271828) } },
          opts({ headers: echoHeaders(), onHeader: (h) => { headers = h; }, onTrailer: (t) => { trailers = t; } }));
        C.checkPayload(response.payload?.body, 314159, "response payload");
        C.checkEqual(headers?.get(C.ECHO_INITIAL_KEY), C.ECHO_INITIAL_VALUE, "echoed initial metadata");
        C.checkBytes(decodeBinaryHeader(trailers?.get(C.ECHO_TRAILING_KEY) ?? ""), C.ECHO_TRAILING_VALUE, "echoed trailing metadata");
        let streamHeaders;
        let streamTrailers;
        const messages = await collect(test.streamingOutputCall({ responseParameters: [{ size: 314159 }] },
          opts({ headers: echoHeaders(), onHeader: (h) => { streamHeaders = h; }, onTrailer: (t) => { streamTrailers = t; } })));
        C.checkEqual(messages.length, 1, "streamed message count");
        C.checkEqual(streamHeaders?.get(C.ECHO_INITIAL_KEY), C.ECHO_INITIAL_VALUE, "streamed echoed initial metadata");
        C.checkBytes(decodeBinaryHeader(streamTrailers?.get(C.ECHO_TRAILING_KEY) ?? ""), C.ECHO_TRAILING_VALUE, "streamed echoed trailing metadata");
      },
      unimplemented_method: async () => {
        await expectStatus(test.unimplementedCall({}, opts()), Code.Unimplemented);
      },
      unimplemented_service: async () => {
        await expectStatus(unimplemented.unimplementedCall({}, opts()), Code.Unimplemented);
      },
      client_compressed_unary: async () => {
        const request = (value) => ({ responseSize: C.LARGE_RESPONSE, payload: { body: C.zeros(C.LARGE_REQUEST) }, expectCompressed: { value } });
        await expectStatus(test.unaryCall(request(true), opts()), Code.InvalidArgument);
        C.checkPayload((await gzipTest.unaryCall(request(true), opts())).payload?.body, C.LARGE_RESPONSE, "compressed call's payload");
        C.checkPayload((await test.unaryCall(request(false), opts())).payload?.body, C.LARGE_RESPONSE, "uncompressed call's payload");
      },
      server_compressed_unary: async () => {
        let headers;
        const compressed = await test.unaryCall({ responseSize: C.LARGE_RESPONSE, responseCompressed: { value: true } },
          opts({ onHeader: (h) => { headers = h; } }));
        C.checkPayload(compressed.payload?.body, C.LARGE_RESPONSE, "compressed payload");
        C.checkEqual(headers?.get("grpc-encoding"), "gzip", "grpc-encoding of the compressed response");
        const plain = await test.unaryCall({ responseSize: C.LARGE_RESPONSE, responseCompressed: { value: false } }, opts());
        C.checkPayload(plain.payload?.body, C.LARGE_RESPONSE, "uncompressed payload");
      },
      server_compressed_streaming: async () => {
        let headers;
        const messages = await collect(test.streamingOutputCall({
          responseParameters: [{ size: 31415, compressed: { value: true } }, { size: 92653, compressed: { value: false } }],
        }, opts({ onHeader: (h) => { headers = h; } })));
        C.checkEqual(messages.length, 2, "message count");
        C.checkPayload(messages[0].payload?.body, 31415, "compressed message");
        C.checkPayload(messages[1].payload?.body, 92653, "uncompressed message");
        C.checkEqual(headers?.get("grpc-encoding"), "gzip", "grpc-encoding of the stream");
      },
      timeout_on_sleeping_server: async () => {
        const callId = C.newCallId();
        await expectStatus(collect(test.streamingOutputCall({ responseParameters: [{ size: 1, intervalUs: 20_000_000 }] },
          opts({ timeoutMs: 200, headers: { [C.CALL_ID_KEY]: callId } }))), Code.DeadlineExceeded);
        await cancellationSeen(callId);
      },
      cancel_after_first_response: async () => {
        const callId = C.newCallId();
        const abort = new AbortController();
        const error = await expectStatus(collect(test.streamingOutputCall(
          { responseParameters: [{ size: 31415 }, { size: 9, intervalUs: 20_000_000 }] },
          opts({ signal: abort.signal, headers: { [C.CALL_ID_KEY]: callId } })), () => abort.abort()), Code.Canceled);
        C.checkEqual(error.messages.length, 1, "messages before cancel");
        await cancellationSeen(callId);
      },
      oversize_request: async () => {
        await expectStatus(test.unaryCall({ payload: { body: C.zeros(C.OVERSIZE_BODY) } }, opts()), Code.ResourceExhausted);
        await test.emptyCall({}, opts());
      },
      health_check: async () => {
        C.checkEqual((await health.check({ service: "" }, opts())).status, C.SERVING, "overall status");
        C.checkEqual((await health.check({ service: "grpc.testing.TestService" }, opts())).status, C.SERVING, "TestService status");
        await expectStatus(health.check({ service: "no.such.Service" }, opts()), Code.NotFound);
      },
      health_watch: async () => {
        for (const [name, expected] of [["", C.SERVING], ["no.such.Service", C.SERVICE_UNKNOWN]]) {
          const abort = new AbortController();
          const error = await expectStatus(collect(health.watch({ service: name }, opts({ signal: abort.signal })), () => abort.abort()), Code.Canceled);
          C.checkEqual(error.messages[0]?.status, expected, `first watched status of "${name}"`);
        }
      },
    },
  };
}

// The interop cases through @grpc/grpc-js over h2c, with messages from @grpc/proto-loader at run time.
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import * as C from "./cases.mjs";

const GZIP = 2; // grpc-js CompressionAlgorithms.gzip

function loadPackages(protoDirs) {
  const definition = protoLoader.loadSync(
    ["grpc/testing/test.proto", "grpc/testing/probe.proto", "grpc/health/v1/health.proto"],
    { includeDirs: protoDirs, keepCase: false, longs: String, enums: Number, defaults: true, oneofs: true },
  );
  return grpc.loadPackageDefinition(definition);
}

const deadlineIn = (ms) => new Date(Date.now() + ms);

function metadataOf(entries = {}) {
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(entries)) {
    md.set(k, v);
  }
  return md;
}

/** A unary call as a promise of { response, headers, trailers }; rejects with the grpc-js error. */
function unary(client, method, request, { metadata = {}, deadlineMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    let headers;
    let trailers;
    let result;
    let error;
    let settled = 0;
    const finish = () => {
      if (++settled === 2) {
        if (error) {
          reject(error);
        } else {
          resolve({ response: result, headers, trailers });
        }
      }
    };
    const call = client[method](request, metadataOf(metadata), { deadline: deadlineIn(deadlineMs) }, (err, res) => {
      error = err;
      result = res;
      finish();
    });
    call.on("metadata", (md) => { headers = md; });
    call.on("status", (s) => { trailers = s.metadata; finish(); });
  });
}

/** Expects a unary call to fail with `code` (and `message` when given). */
async function expectStatus(promise, code, message) {
  try {
    await promise;
  } catch (e) {
    C.checkEqual(e.code, code, "status code");
    if (message !== undefined) {
      C.checkEqual(e.details, message, "status message");
    }
    return e;
  }
  throw new C.CaseFailure(`expected status ${code}, got OK`);
}

/** Reads a server stream; `onMessage` may return "cancel" to cancel the call. Resolves with messages, or rejects. */
function readStream(call, onMessage = () => {}) {
  return new Promise((resolve, reject) => {
    const messages = [];
    call.on("data", (m) => {
      messages.push(m);
      if (onMessage(m, messages.length) === "cancel") {
        call.cancel();
      }
    });
    call.on("error", (e) => reject(Object.assign(e, { messages })));
    call.on("end", () => resolve(messages));
  });
}

export function grpcJsCases({ h2cPort, protoDirs }) {
  const pkgs = loadPackages(protoDirs);
  const { TestService, UnimplementedService, InteropProbe } = pkgs.grpc.testing;
  const { Health } = pkgs.grpc.health.v1;
  const address = `127.0.0.1:${h2cPort}`;
  const insecure = grpc.credentials.createInsecure();
  const test = new TestService(address, insecure);
  const gzipTest = new TestService(address, insecure, { "grpc.default_compression_algorithm": GZIP });
  const probe = new InteropProbe(address, insecure);
  const health = new Health(address, insecure);
  const unimplemented = new UnimplementedService(address, insecure);

  const cancellationSeen = async (callId) => {
    const { response } = await unary(probe, "awaitCancellation", { callId, waitMs: 3000 });
    C.check(response.seen, "the server's handler never saw its cancellation token fire");
  };

  return {
    close: () => [test, gzipTest, probe, health, unimplemented].forEach((c) => c.close()),
    cases: {
      empty_unary: async () => {
        const { response } = await unary(test, "emptyCall", {});
        C.check(response && Object.keys(response).length === 0, "response is not an empty message");
      },
      large_unary: async () => {
        const { response } = await unary(test, "unaryCall", {
          responseSize: C.LARGE_RESPONSE, payload: { body: Buffer.alloc(C.LARGE_REQUEST) },
        });
        C.checkPayload(response.payload.body, C.LARGE_RESPONSE, "response payload");
      },
      server_streaming: async () => {
        const call = test.streamingOutputCall(
          { responseParameters: C.STREAM_SIZES.map((size) => ({ size })) }, metadataOf(), { deadline: deadlineIn(10000) });
        const messages = await readStream(call);
        C.checkEqual(messages.length, C.STREAM_SIZES.length, "message count");
        messages.forEach((m, i) => C.checkPayload(m.payload.body, C.STREAM_SIZES[i], `message ${i}`));
      },
      status_code_and_message: async () => {
        const status = { code: 2, message: "test status message" };
        await expectStatus(unary(test, "unaryCall", { responseStatus: status }), 2, status.message);
        const call = test.streamingOutputCall({ responseStatus: status }, metadataOf(), { deadline: deadlineIn(10000) });
        await expectStatus(readStream(call), 2, status.message);
      },
      special_status_message: async () => {
        await expectStatus(unary(test, "unaryCall", { responseStatus: { code: 2, message: C.SPECIAL_MESSAGE } }), 2, C.SPECIAL_MESSAGE);
      },
      custom_metadata: async () => {
        const metadata = { [C.ECHO_INITIAL_KEY]: C.ECHO_INITIAL_VALUE, [C.ECHO_TRAILING_KEY]: C.ECHO_TRAILING_VALUE };
        const { response, headers, trailers } = await unary(test, "unaryCall", { responseSize: 314159, payload: { body: Buffer.alloc(271828) } }, { metadata });
        C.checkPayload(response.payload.body, 314159, "response payload");
        C.checkEqual(headers.get(C.ECHO_INITIAL_KEY)[0], C.ECHO_INITIAL_VALUE, "echoed initial metadata");
        C.checkBytes(trailers.get(C.ECHO_TRAILING_KEY)[0], C.ECHO_TRAILING_VALUE, "echoed trailing metadata");
        // The same through a streaming call: headers before the first message, trailers after the last.
        const call = test.streamingOutputCall({ responseParameters: [{ size: 314159 }] }, metadataOf(metadata), { deadline: deadlineIn(10000) });
        let streamHeaders;
        let streamTrailers;
        call.on("metadata", (md) => { streamHeaders = md; });
        const statusSeen = new Promise((resolve) => call.on("status", (s) => { streamTrailers = s.metadata; resolve(); }));
        const messages = await readStream(call);
        await statusSeen;
        C.checkEqual(messages.length, 1, "streamed message count");
        C.checkEqual(streamHeaders?.get(C.ECHO_INITIAL_KEY)[0], C.ECHO_INITIAL_VALUE, "streamed echoed initial metadata");
        C.checkBytes(streamTrailers?.get(C.ECHO_TRAILING_KEY)[0], C.ECHO_TRAILING_VALUE, "streamed echoed trailing metadata");
      },
      unimplemented_method: async () => {
        await expectStatus(unary(test, "unimplementedCall", {}), C.Codes.UNIMPLEMENTED);
      },
      unimplemented_service: async () => {
        await expectStatus(unary(unimplemented, "unimplementedCall", {}), C.Codes.UNIMPLEMENTED);
      },
      client_compressed_unary: async () => {
        const request = (expect) => ({
          responseSize: C.LARGE_RESPONSE, payload: { body: Buffer.alloc(C.LARGE_REQUEST) }, expectCompressed: { value: expect },
        });
        // Probe: the server must refuse an uncompressed request that claims to be compressed.
        await expectStatus(unary(test, "unaryCall", request(true)), C.Codes.INVALID_ARGUMENT);
        const compressed = await unary(gzipTest, "unaryCall", request(true));
        C.checkPayload(compressed.response.payload.body, C.LARGE_RESPONSE, "compressed call's payload");
        const plain = await unary(test, "unaryCall", request(false));
        C.checkPayload(plain.response.payload.body, C.LARGE_RESPONSE, "uncompressed call's payload");
      },
      // grpc-js strips grpc-encoding before the application sees headers, so here only the decoded payloads are
      // checked; the connect clients and the wire check assert the compression itself.
      server_compressed_unary: async () => {
        for (const value of [true, false]) {
          const { response } = await unary(test, "unaryCall", { responseSize: C.LARGE_RESPONSE, responseCompressed: { value } });
          C.checkPayload(response.payload.body, C.LARGE_RESPONSE, `payload (compressed=${value})`);
        }
      },
      server_compressed_streaming: async () => {
        const call = test.streamingOutputCall({
          responseParameters: [{ size: 31415, compressed: { value: true } }, { size: 92653, compressed: { value: false } }],
        }, metadataOf(), { deadline: deadlineIn(10000) });
        const messages = await readStream(call);
        C.checkEqual(messages.length, 2, "message count");
        C.checkPayload(messages[0].payload.body, 31415, "compressed message");
        C.checkPayload(messages[1].payload.body, 92653, "uncompressed message");
      },
      timeout_on_sleeping_server: async () => {
        const callId = C.newCallId();
        const call = test.streamingOutputCall(
          { responseParameters: [{ size: 1, intervalUs: 20_000_000 }] }, metadataOf({ [C.CALL_ID_KEY]: callId }), { deadline: deadlineIn(200) });
        await expectStatus(readStream(call), C.Codes.DEADLINE_EXCEEDED);
        await cancellationSeen(callId);
      },
      cancel_after_first_response: async () => {
        const callId = C.newCallId();
        const call = test.streamingOutputCall(
          { responseParameters: [{ size: 31415 }, { size: 9, intervalUs: 20_000_000 }] },
          metadataOf({ [C.CALL_ID_KEY]: callId }), { deadline: deadlineIn(10000) });
        const error = await expectStatus(readStream(call, () => "cancel"), C.Codes.CANCELLED);
        C.checkEqual(error.messages.length, 1, "messages before cancel");
        await cancellationSeen(callId);
      },
      oversize_request: async () => {
        await expectStatus(unary(test, "unaryCall", { payload: { body: Buffer.alloc(C.OVERSIZE_BODY) } }), C.Codes.RESOURCE_EXHAUSTED);
        // The connection must still serve calls afterwards.
        await unary(test, "emptyCall", {});
      },
      health_check: async () => {
        const all = await unary(health, "check", { service: "" });
        C.checkEqual(all.response.status, C.SERVING, "overall status");
        const one = await unary(health, "check", { service: "grpc.testing.TestService" });
        C.checkEqual(one.response.status, C.SERVING, "TestService status");
        await expectStatus(unary(health, "check", { service: "no.such.Service" }), C.Codes.NOT_FOUND);
      },
      health_watch: async () => {
        const call = health.watch({ service: "" }, metadataOf(), { deadline: deadlineIn(10000) });
        const error = await expectStatus(readStream(call, () => "cancel"), C.Codes.CANCELLED);
        C.checkEqual(error.messages[0]?.status, C.SERVING, "first watched status");
        const unknown = health.watch({ service: "no.such.Service" }, metadataOf(), { deadline: deadlineIn(10000) });
        const unknownError = await expectStatus(readStream(unknown, () => "cancel"), C.Codes.CANCELLED);
        C.checkEqual(unknownError.messages[0]?.status, C.SERVICE_UNKNOWN, "first watched status of an unknown service");
      },
    },
  };
}

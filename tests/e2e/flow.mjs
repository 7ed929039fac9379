// One player's whole flow against a running Silo, through a real client:
//   grpcjs:  @grpc/grpc-js over h2c, messages from @grpc/proto-loader (protos/maimai/v1/*.proto)
//   connect: @connectrpc/connect-node gRPC-Web over HTTP/1.1, messages from a `buf build` descriptor set
// SetDxNetToken, StartFetch, WatchFetch to the end (several progress events, COMPLETED last), ListSnapshots,
// GetSnapshot, ListScores (every page), ListRecentPlays (every page), then a second StartFetch that must be
// RESOURCE_EXHAUSTED with a google.rpc.RetryInfo. Checks the flow itself; writes what the API returned as
// proto3 JSON to --out so the caller compares it field by field with the simulator. Exit 0 only if all held.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({
  options: {
    client: { type: "string" }, port: { type: "string" }, token: { type: "string" }, dxnet: { type: "string" },
    region: { type: "string", default: "REGION_INTL" }, protos: { type: "string" }, set: { type: "string" },
    out: { type: "string" }, "page-size": { type: "string", default: "100" },
  },
});
for (const k of ["client", "port", "token", "dxnet", "protos", "out"]) {
  if (!opt[k]) fail(`--${k} is required`);
}
const pageSize = Number(opt["page-size"]);

function fail(message) {
  console.error(`FAIL ${opt.client ?? "?"}: ${message}`);
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
}

// Minimal protobuf wire reader, enough for google.rpc.Status → Any → RetryInfo → Duration.
function fields(buf) {
  const out = [];
  let i = 0;
  const varint = () => {
    let v = 0n, shift = 0n;
    for (;;) {
      const b = buf[i++];
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const no = key >> 3, wire = key & 7;
    if (wire === 0) out.push({ no, value: varint() });
    else if (wire === 2) { const len = Number(varint()); out.push({ no, bytes: buf.subarray(i, i + len) }); i += len; }
    else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

function retryDelayFromStatusDetails(bin) {
  for (const any of fields(bin).filter((f) => f.no === 3)) {
    const parts = fields(any.bytes);
    const type = Buffer.from(parts.find((f) => f.no === 1).bytes).toString();
    if (type.endsWith("/google.rpc.RetryInfo")) {
      const duration = fields(parts.find((f) => f.no === 2)?.bytes ?? Buffer.alloc(0)).find((f) => f.no === 1);
      const seconds = fields(duration?.bytes ?? Buffer.alloc(0)).find((f) => f.no === 1)?.value ?? 0n;
      return Number(seconds);
    }
  }
  return null;
}

const client = opt.client === "grpcjs" ? await grpcJsClient() : opt.client === "connect" ? await connectClient() : fail(`unknown --client ${opt.client}`);

// 1. The DX NET token, then a fetch followed to its end.
await client.call("AccountService", "SetDxNetToken", { region: opt.region, token: opt.dxnet });
const started = (await client.call("FetchService", "StartFetch", { region: opt.region })).fetch;
check(started?.id, "StartFetch returned no fetch id");
const progress = await client.watch({ fetchId: started.id });
check(progress.length >= 3, `WatchFetch sent ${progress.length} messages; expected several progress events`);
const last = progress[progress.length - 1];
check(last.state === "FETCH_STATE_COMPLETED", `WatchFetch ended in ${last.state} (${last.errorCode ?? ""} ${last.errorMessage ?? ""})`);
check(progress.slice(0, -1).every((f) => f.state !== "FETCH_STATE_COMPLETED" && f.state !== "FETCH_STATE_FAILED"), "a terminal state before the last message");
check(last.snapshotId, "the completed fetch has no snapshot id");
// Over every message, the terminal one included: it keeps the pages the fetch read.
const pagesDone = progress.map((f) => f.pagesDone ?? 0);
check(pagesDone[pagesDone.length - 1] > 0, "no page was reported done before the end");
check(pagesDone.every((p, i) => i === 0 || p >= pagesDone[i - 1]), `pages_done went backwards: ${pagesDone.join(",")}`);

// 2. Everything the API shows of the new snapshot.
const snapshots = (await client.call("SnapshotService", "ListSnapshots", { region: opt.region })).snapshots ?? [];
const snapshot = (await client.call("SnapshotService", "GetSnapshot", { snapshotId: last.snapshotId })).snapshot;
const latest = (await client.call("SnapshotService", "GetSnapshot", { latestForRegion: opt.region })).snapshot;
check(latest?.id === snapshot?.id, "GetSnapshot(latest_for_region) is not the fetched snapshot");
const scores = await allPages("ListScores", { snapshotId: last.snapshotId }, "scores");
const plays = await allPages("ListRecentPlays", { snapshotId: last.snapshotId }, "plays");

// 3. A second fetch within the minute is refused with a retry delay.
const refused = await client.callError("FetchService", "StartFetch", { region: opt.region });
check(refused.code === 8, `second StartFetch: expected RESOURCE_EXHAUSTED (8), got ${refused.code} ${refused.message}`);
check(refused.retryDelaySeconds !== null && refused.retryDelaySeconds > 0 && refused.retryDelaySeconds <= 60,
  `second StartFetch: RetryInfo retry_delay ${refused.retryDelaySeconds} (expected 1..60 s)`);

writeFileSync(opt.out, JSON.stringify({ progress, snapshots, snapshot, scores, plays, retryDelaySeconds: refused.retryDelaySeconds }));
console.log(`PASS ${opt.client}: ${progress.length} progress messages, ${scores.length} scores, ${plays.length} plays, retry after ${refused.retryDelaySeconds} s`);
client.close();

async function allPages(method, request, key) {
  const items = [];
  let pageToken = "";
  for (let page = 0; ; page++) {
    check(page < 1000, `${method}: more than 1000 pages`);
    const response = await client.call("SnapshotService", method, { ...request, pageSize, pageToken });
    const got = response[key] ?? [];
    check(got.length <= pageSize, `${method}: ${got.length} items on a page of ${pageSize}`);
    items.push(...got);
    pageToken = response.nextPageToken ?? "";
    if (!pageToken) return items;
  }
}

async function grpcJsClient() {
  const { default: grpc } = await import("@grpc/grpc-js");
  const { default: protoLoader } = await import("@grpc/proto-loader");
  const files = ["account", "fetch", "snapshot"].map((n) => `maimai/v1/${n}.proto`);
  const definition = protoLoader.loadSync(files, { includeDirs: [opt.protos], keepCase: false, longs: String, enums: String, defaults: false, oneofs: false });
  const v1 = grpc.loadPackageDefinition(definition).maimai.v1;
  const address = `127.0.0.1:${opt.port}`;
  const stubs = {};
  const stub = (name) => (stubs[name] ??= new v1[name](address, grpc.credentials.createInsecure()));
  const metadata = () => { const m = new grpc.Metadata(); m.set("authorization", `Bearer ${opt.token}`); return m; };
  const deadline = () => new Date(Date.now() + 30_000);
  const lower = (m) => m[0].toLowerCase() + m.slice(1);
  const unary = (service, method, request) => new Promise((resolve, reject) =>
    stub(service)[lower(method)](request, metadata(), { deadline: deadline() }, (e, r) => (e ? reject(e) : resolve(r))));
  return {
    call: async (service, method, request) => toJson(await unary(service, method, request).catch((e) => fail(`${method}: ${e.code} ${e.details}`))),
    callError: async (service, method, request) => {
      try {
        await unary(service, method, request);
      } catch (e) {
        const bin = e.metadata?.get("grpc-status-details-bin")?.[0];
        return { code: e.code, message: e.details, retryDelaySeconds: bin ? retryDelayFromStatusDetails(bin) : null };
      }
      return { code: 0, message: "OK", retryDelaySeconds: null };
    },
    watch: (request) => new Promise((resolve) => {
      const seen = [];
      const call = stub("FetchService").watchFetch(request, metadata(), { deadline: new Date(Date.now() + 120_000) });
      call.on("data", (m) => seen.push(toJson(m.fetch)));
      call.on("error", (e) => fail(`WatchFetch: ${e.code} ${e.details}`));
      call.on("end", () => resolve(seen));
    }),
    close: () => Object.values(stubs).forEach((s) => s.close()),
  };
}

// proto-loader objects → proto3 JSON (Timestamps as RFC 3339; everything else already in JSON names).
function toJson(value) {
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === "object" && !Buffer.isBuffer(value)) {
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => k === "seconds" || k === "nanos")) {
      return new Date(Number(value.seconds ?? 0) * 1000 + Math.floor((value.nanos ?? 0) / 1e6)).toISOString();
    }
    return Object.fromEntries(keys.map((k) => [k, toJson(value[k])]));
  }
  return value;
}

async function connectClient() {
  const { createFileRegistry, fromBinary, fromJson, toJson: messageToJson } = await import("@bufbuild/protobuf");
  const { FileDescriptorSetSchema } = await import("@bufbuild/protobuf/wkt");
  const { ConnectError, createClient } = await import("@connectrpc/connect");
  const { createGrpcWebTransport } = await import("@connectrpc/connect-node");
  check(opt.set, "--set (a descriptor set of protos/) is required for the connect client");
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(opt.set)));
  const transport = createGrpcWebTransport({ baseUrl: `http://127.0.0.1:${opt.port}`, httpVersion: "1.1" });
  const headers = { authorization: `Bearer ${opt.token}` };
  const service = (name) => registry.getService(`maimai.v1.${name}`) ?? fail(`descriptor set has no maimai.v1.${name}`);
  const lower = (m) => m[0].toLowerCase() + m.slice(1);
  const invoke = async (name, method, request) => {
    const desc = service(name);
    const m = desc.methods.find((x) => x.name === method);
    const response = await createClient(desc, transport)[lower(method)](fromJson(m.input, request, { registry }), { headers, timeoutMs: 30_000 });
    return messageToJson(m.output, response, { registry });
  };
  return {
    call: (name, method, request) => invoke(name, method, request).catch((e) => fail(`${method}: ${e instanceof ConnectError ? `${e.code} ${e.rawMessage}` : e}`)),
    callError: async (name, method, request) => {
      try {
        await invoke(name, method, request);
      } catch (e) {
        if (!(e instanceof ConnectError)) throw e;
        const retryInfo = registry.getMessage("google.rpc.RetryInfo") ?? fail("descriptor set has no google.rpc.RetryInfo");
        const [detail] = e.findDetails(retryInfo);
        return { code: e.code, message: e.rawMessage, retryDelaySeconds: detail?.retryDelay ? Number(detail.retryDelay.seconds) : null };
      }
      return { code: 0, message: "OK", retryDelaySeconds: null };
    },
    watch: async (request) => {
      const desc = service("FetchService");
      const m = desc.methods.find((x) => x.name === "WatchFetch");
      const seen = [];
      try {
        for await (const r of createClient(desc, transport).watchFetch(fromJson(m.input, request, { registry }), { headers, timeoutMs: 120_000 })) {
          seen.push(messageToJson(m.output, r, { registry }).fetch);
        }
      } catch (e) {
        fail(`WatchFetch: ${e instanceof ConnectError ? `${e.code} ${e.rawMessage}` : e}`);
      }
      return seen;
    },
    close: () => {},
  };
}

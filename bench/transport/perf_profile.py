#!/usr/bin/env python3
"""Where the server's CPU per call goes: two `perf record -e cpu-clock -F HZ` files of the same load, one through
Grpc.AspNetCore and one through the raw Kestrel baseline, as markdown: CPU microseconds per call by component
(managed code grouped by assembly, from the runtime's perf map; native code by library), then the hottest frames
(self time) of the Grpc.AspNetCore run beside the same frames in the raw run.
Usage: perf_profile.py HZ GRPC_DATA GRPC_CALLS RAW_DATA RAW_CALLS [TOP]"""
import re
import subprocess
import sys
from collections import Counter

# Managed assemblies, first match wins; the rest of managed code is "other .NET libraries".
ASSEMBLIES = [
    (r"^Grpc\.", "Grpc.AspNetCore (Grpc.AspNetCore.Server, .Web, Grpc.Core.Api)"),
    (r"^Google\.Protobuf$", "Google.Protobuf"),
    (r"^Maimai\.", "Maimai (the API's interceptors, the test service)"),
    (r"^Microsoft\.AspNetCore\.Server\.Kestrel", "Kestrel"),
    (r"^Microsoft\.AspNetCore\.", "ASP.NET Core (hosting, routing, HTTP abstractions)"),
    (r"^System\.IO\.Pipelines$", "System.IO.Pipelines"),
    (r"^System\.Private\.CoreLib$", "System.Private.CoreLib"),
]
LIBRARIES = [
    (r"^\[kernel", "kernel (sockets, scheduling)"),
    (r"^libcoreclr\.so$", "runtime, native (libcoreclr: GC, allocation, type checks)"),
    (r"^libclrjit\.so$", "JIT compiler"),
    (r"^(libc\.so|ld-linux)", "libc"),
    (r"^libSystem\.Native\.so$", "System.Native"),
]


def samples(path):
    """(dso, symbol) -> samples, from perf report's own aggregation."""
    out = subprocess.run(["perf", "report", "-i", path, "--stdio", "-q", "-n", "--no-children", "--sort", "dso,sym", "-t", "|"],
                         check=True, capture_output=True, text=True).stdout
    counts = Counter()
    for line in out.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 4 and parts[1].isdigit():
            counts[(parts[2], re.sub(r"^\[[.k]\] ", "", "|".join(parts[3:])))] += int(parts[1])
    return counts


def assembly(symbol):
    """The assembly a perf-map symbol belongs to: the last "[Assembly] " before "Type::Method"."""
    head = symbol.split("::", 1)[0]
    found = re.findall(r"\[([\w.]+)\] ", head)
    return found[-1] if found else None


def component(dso, symbol):
    if dso.startswith("[JIT]") or dso.endswith(".dll") or dso.startswith("perf-"):
        name = assembly(symbol) or (dso[:-4] if dso.endswith(".dll") else None)
        if name is None:
            return "runtime stubs and unresolved managed code"
        return next((label for pattern, label in ASSEMBLIES if re.search(pattern, name)), "other .NET libraries")
    return next((label for pattern, label in LIBRARIES if re.search(pattern, dso)), "other native code")


def frame(dso, symbol):
    """Type::Method for managed code, without return type, parameters and tier; the library and address otherwise."""
    if "::" not in symbol:
        # The runtime's native libraries ship without symbols: their addresses mean nothing to a reader.
        return f"{dso} (no symbols)" if symbol.startswith("0x") else symbol
    head, tail = symbol.split("::", 1)
    type_name = head.split(" ")[-1]
    type_name = re.sub(r"^\[[\w.]+\]", "", type_name)
    short = re.split(r"\.(?![^\[<]*[\]>])", type_name)[-1]
    return f"{short}::{tail.split('(')[0]}"


def group(counts, key):
    grouped = Counter()
    for (dso, symbol), n in counts.items():
        grouped[key(dso, symbol)] += n
    return grouped


def main():
    hz = float(sys.argv[1])
    grpc, grpc_calls = samples(sys.argv[2]), int(sys.argv[3])
    raw, raw_calls = samples(sys.argv[4]), int(sys.argv[5])
    top = int(sys.argv[6]) if len(sys.argv) > 6 else 15

    def us(n, calls):
        return n / hz / calls * 1e6  # one cpu-clock sample stands for 1/HZ s of CPU time

    grpc_parts, raw_parts = group(grpc, component), group(raw, component)
    print("| component | Grpc.AspNetCore CPU us/call | raw Kestrel CPU us/call | difference |")
    print("|---|---:|---:|---:|")
    for name, _ in sorted(grpc_parts.items(), key=lambda p: -us(p[1], grpc_calls)):
        g, r = us(grpc_parts[name], grpc_calls), us(raw_parts.get(name, 0), raw_calls)
        print(f"| {name} | {g:.2f} | {r:.2f} | {g - r:+.2f} |")
    for name in sorted(set(raw_parts) - set(grpc_parts)):
        r = us(raw_parts[name], raw_calls)
        print(f"| {name} | 0.00 | {r:.2f} | {-r:+.2f} |")
    g_total, r_total = us(sum(grpc.values()), grpc_calls), us(sum(raw.values()), raw_calls)
    print(f"| **total (perf samples)** | **{g_total:.2f}** | **{r_total:.2f}** | **{g_total - r_total:+.2f}** |")
    print()

    grpc_frames, raw_frames = group(grpc, frame), group(raw, frame)
    print("Hottest frames of the Grpc.AspNetCore run (self time; managed frames from the perf map, native ones by library and address):")
    print()
    print("| frame | component | Grpc.AspNetCore CPU us/call | raw Kestrel CPU us/call |")
    print("|---|---|---:|---:|")
    components = {frame(*s): component(*s) for s in grpc}
    for name, n in grpc_frames.most_common(top):
        label = name.replace("|", "\\|")
        print(f"| `` {label} `` | {components[name]} | {us(n, grpc_calls):.2f} | {us(raw_frames.get(name, 0), raw_calls):.2f} |")


if __name__ == "__main__":
    main()

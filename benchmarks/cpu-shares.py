#!/usr/bin/env python3
"""Where a server's CPU goes, from an async-profiler collapsed-stack file (profile.sh's
OUT/async-cpu.collapsed): each sample is put in the first category whose pattern matches a frame,
checked from the leaf up, and JIT compiler and GC samples are left out (they are the JVM's, not a
request's). Prints the share of the remaining samples per category, largest first.

    benchmarks/cpu-shares.py benchmarks/results/profile-celeris-nio-hello-*/async-cpu.collapsed
"""
import re
import sys

EXCLUDED = re.compile(r"CompileBroker|C2Compiler|C1Compiler|Compile::|G1ConcurrentRefine|G1ServiceThread|G1YoungCollector|G1CollectedHeap::do_collection|GCTaskThread|ConcurrentGCThread|"
                      r"WorkerThread::run|VMThread|JfrRecorder|JFR|jdk[/.]jfr|DCmd")
# (category, pattern): checked in this order on every frame from the leaf up; the leaf-most hit wins,
# so a syscall under the engine counts as the syscall, the engine under a virtual thread as the engine.
CATEGORIES = [
    ("socket writes (syscall)", r"writev|\bwrite0|IOUtil\.write|SocketDispatcher\.write|__libc_write|sendmsg|__send"),
    ("socket reads (syscall)", r"\bread0|IOUtil\.read|SocketDispatcher\.read|__libc_read|recvfrom|readv"),
    ("selector (epoll, wake-ups)", r"epoll|EPoll|SelectorImpl|Selector\.|wakeup|eventfd"),
    ("HPACK", r"\.hpack\.|HpackDecoder|HpackEncoder|Huffman"),
    ("router, middleware, Context", r"dev/celeris/router|dev\.celeris\.router|dev/celeris/examples|dev\.celeris\.examples"),
    ("JSON (Jackson)", r"tools/jackson|tools\.jackson|com/fasterxml|com\.fasterxml"),
    ("engine: frames, streams, flow control, responses", r"dev/celeris/engine|dev\.celeris\.engine"),
    ("transport (nio/netty/jetty glue)", r"dev/celeris/transport|dev\.celeris\.transport|dev/celeris/spi|dev\.celeris\.spi"),
    ("virtual threads, ForkJoinPool, park/unpark", r"VirtualThread|ForkJoin|Continuation|LockSupport|Unsafe\.(park|unpark)|futex"),
    ("Netty pipeline and codec", r"io/netty|io\.netty"),
    ("Jetty", r"org/eclipse/jetty|org\.eclipse\.jetty"),
]
COMPILED = [(name, re.compile(p)) for name, p in CATEGORIES]


def category(frames):
    for frame in reversed(frames):
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
    return "other (JDK, kernel, unattributed)"


def main(path):
    totals, kept, excluded = {}, 0, 0
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not count.isdigit():
                continue
            n = int(count)
            frames = stack.split(";")
            if any(EXCLUDED.search(fr) for fr in frames):
                excluded += n
                continue
            kept += n
            name = category(frames)
            totals[name] = totals.get(name, 0) + n
    print(f"{kept} samples ({excluded} JIT/GC/JFR samples left out)")
    for name, n in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{100.0 * n / max(kept, 1):5.1f} %  {name}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: cpu-shares.py ASYNC-CPU.COLLAPSED")
    main(sys.argv[1])

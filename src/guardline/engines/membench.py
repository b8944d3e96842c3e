"""`guardline bench --memory`: memory stays bounded while a million messages stream through.

A seeded synthetic stream (non-explicit chat lines, a few indicator-level ones such as "how
old are you" so that signs, evidence and some alerts occur) interleaves many conversations:
``active`` conversations are open at any time, each runs for a random number of messages and
is then replaced by a new one, so the stream holds about ``messages / 30`` conversations in
all. It goes through :class:`~guardline.engines.stream.BoundedDetector` (at most ``bound``
conversations in memory, the rest in a SQLite state file) and, for contrast, through a plain
unbounded :class:`~guardline.detect.Detector`. Each runs in a fresh child process, sampling
its resident set size (``VmRSS``) every ``every`` messages; the report gives RSS at each
checkpoint, peak RSS (``VmHWM``), evictions, restores, the most conversations ever open and
the throughput. The machine load (``/proc/loadavg``) is recorded: the machine is shared.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from guardline.core.model import Message

LINES = (
    "did you finish the maths homework",
    "see you at practice tomorrow",
    "that level was so hard lol",
    "what time does the bus leave",
    "my brother ate all the cereal again",
    "can you send me the notes from today",
    "the new map in that game is huge",
    "i have to walk the dog first",
    "are we still meeting at the library",
    "that film was better than the book",
    "my team lost again on saturday",
    "what did you get for question five",
)
#: indicator-level lines (non-explicit), so evidence and some alerts are in the state too
INDICATORS = (
    "how old are you",
    "don't tell your mum we talk",
    "add me on another app, it's more private",
    "are your parents around",
    "you seem really mature for your age",
    "i could buy you that game, our secret",
)


def synthetic_stream(
    n_messages: int, *, active: int = 5000, seed: int = 7, indicator_rate: float = 0.02
) -> Iterator[Message]:
    """``n_messages`` messages of interleaved conversations (deterministic for a seed)."""
    rng = random.Random(seed)
    next_id = 0
    slots: list[list[Any]] = []  # [conversation id, next index, length, authors]

    def new_conv() -> list[Any]:
        nonlocal next_id
        cid = f"syn-{seed}-{next_id}"
        next_id += 1
        return [
            cid,
            0,
            rng.randint(5, 55),
            (f"u{rng.randrange(10**6)}", f"u{rng.randrange(10**6)}"),
        ]

    for _ in range(active):
        slots.append(new_conv())
    for _ in range(n_messages):
        k = rng.randrange(active)
        conv = slots[k]
        cid, idx, length, authors = conv
        author = authors[rng.randrange(2)]
        if rng.random() < indicator_rate:
            text = INDICATORS[rng.randrange(len(INDICATORS))]
        else:
            text = LINES[rng.randrange(len(LINES))]
        yield Message(cid, idx, author, text)
        conv[1] = idx + 1
        if conv[1] >= length:
            slots[k] = new_conv()


def _proc_status() -> dict[str, int]:
    """VmRSS and VmHWM of this process in KiB (Linux)."""
    out = {}
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    k, v = line.split(":", 1)
                    out[k] = int(v.split()[0])
    except OSError:
        pass
    return out


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "n/a"


def run_worker(
    mode: str, n_messages: int, bound: int, active: int, every: int, seed: int, state_dir: Path
) -> dict[str, Any]:
    """Stream in this process (``bounded`` or ``unbounded``); return checkpoints and counts."""
    from guardline.detect import Detector
    from guardline.engines.stream import BoundedDetector, SQLiteStateStore

    det = Detector()
    runner: Any
    store = None
    if mode == "bounded":
        store = SQLiteStateStore(state_dir / "states.db")
        runner = BoundedDetector(det, store, bound)
    else:
        runner = det
    checkpoints = []
    alerts = set()
    peak_open = 0
    t0 = time.perf_counter()
    base = _proc_status()
    for i, msg in enumerate(synthetic_stream(n_messages, active=active, seed=seed), 1):
        a = runner.update(msg)
        if a.alert:
            alerts.add(a.id)
        if mode == "unbounded" and i % 1000 == 0:
            peak_open = max(peak_open, det.open_conversations)
        if i % every == 0 or i == n_messages:
            st = _proc_status()
            checkpoints.append(
                {
                    "messages": i,
                    "rss_mib": round(st.get("VmRSS", 0) / 1024, 1),
                    "peak_rss_mib": round(st.get("VmHWM", 0) / 1024, 1),
                    "open": runner.open_conversations,
                    "seconds": round(time.perf_counter() - t0, 1),
                }
            )
    dt = time.perf_counter() - t0
    out: dict[str, Any] = {
        "mode": mode,
        "messages": n_messages,
        "seconds": round(dt, 1),
        "msgs_per_s": round(n_messages / dt, 1),
        "baseline_rss_mib": round(base.get("VmRSS", 0) / 1024, 1),
        "checkpoints": checkpoints,
        "conversations_alerted": len(alerts),
        "alerted_sha256": hashlib.sha256("\n".join(sorted(alerts)).encode()).hexdigest(),
    }
    if mode == "bounded":
        assert store is not None
        runner.flush()
        out.update(runner.stats.to_dict())
        out["bound"] = bound
        out["stored_states"] = len(store)
        out["state_file_mib"] = round(
            sum(p.stat().st_size for p in state_dir.glob("states.db*")) / 2**20, 1
        )
        store.close()
    else:
        out["peak_open"] = max(peak_open, det.open_conversations)
    return out


def run_memory_bench(
    n_messages: int = 1_000_000,
    *,
    bound: int = 1000,
    active: int = 5000,
    every: int = 100_000,
    seed: int = 7,
    unbounded: bool = True,
    progress: Any = None,
) -> dict[str, Any]:
    """Run the bounded (and the unbounded) stream, each in a fresh child process."""
    results: dict[str, Any] = {
        "messages": n_messages,
        "bound": bound,
        "active": active,
        "seed": seed,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadavg_before": loadavg(),
    }
    modes = ["bounded", "unbounded"] if unbounded else ["bounded"]
    for mode in modes:
        if progress:
            progress(f"{mode}: streaming {n_messages:,} messages ...")
        with tempfile.TemporaryDirectory(prefix="gl-membench-") as d:
            cmd = [
                sys.executable,
                "-m",
                "guardline.engines.membench",
                mode,
                str(n_messages),
                str(bound),
                str(active),
                str(every),
                str(seed),
                d,
            ]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                raise RuntimeError(f"{mode} worker failed: {proc.stderr[-2000:]}")
            results[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
    results["loadavg_after"] = loadavg()
    return results


def render_markdown(r: dict[str, Any]) -> str:
    b = r["bounded"]
    lines = [
        "# Memory: a million messages through the bounded streaming runner",
        "",
        "Generated by `guardline bench --memory` (`guardline.engines.membench`). "
        f"{r['messages']:,} synthetic, non-explicit messages (seed {r['seed']}; "
        f"{r['active']:,} conversations interleaved at any time, each 5–55 messages long, "
        "2% indicator-level lines) stream through `BoundedDetector` with at most "
        f"**{r['bound']:,} conversations in memory**; idle ones are evicted to a SQLite "
        "state file and restored when their next message arrives. For contrast the same "
        "stream goes through an unbounded `Detector`. Each run is a fresh process; RSS is "
        "its resident set size at the checkpoint, peak RSS its high-water mark.",
        "",
        f"Machine: {r['cpus']} CPUs shared with other work, Python {r['python']}; load "
        f"average {r['loadavg_before']} before, {r['loadavg_after']} after.",
        "",
    ]
    modes = [m for m in ("bounded", "unbounded") if m in r]
    head = (
        "| messages | " + " | ".join(f"{m} RSS MiB | {m} open conversations" for m in modes) + " |"
    )
    lines += [head, "|---:|" + "---:|---:|" * len(modes)]
    for i, cp in enumerate(b["checkpoints"]):
        cells = [f"{cp['messages']:,}"]
        for m in modes:
            c = r[m]["checkpoints"][i]
            cells += [f"{c['rss_mib']}", f"{c['open']:,}"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| | " + " | ".join(modes) + " |", "|---|" + "---:|" * len(modes)]

    def row(label: str, key: str, fmt: str = "{}") -> None:
        vals = [fmt.format(r[m][key]) if key in r[m] else "–" for m in modes]
        lines.append(f"| {label} | " + " | ".join(vals) + " |")

    for m in modes:
        r[m]["peak_rss_mib"] = r[m]["checkpoints"][-1]["peak_rss_mib"]
    row("peak RSS (MiB)", "peak_rss_mib")
    row("most conversations in memory", "peak_open", "{:,}")
    row("evictions", "evictions", "{:,}")
    row("restores", "restores", "{:,}")
    row("states in the state file at the end", "stored_states", "{:,}")
    row("state file (MiB)", "state_file_mib")
    row("conversations alerted", "conversations_alerted", "{:,}")
    row("messages/s", "msgs_per_s", "{:,.0f}")
    first, last = b["checkpoints"][0], b["checkpoints"][-1]
    lines += [
        "",
        f"Bounded: RSS {first['rss_mib']} MiB after {first['messages']:,} messages, "
        f"{last['rss_mib']} MiB after {last['messages']:,} "
        f"({last['rss_mib'] - first['rss_mib']:+.1f} MiB); at most {b['peak_open']:,} "
        f"conversations were ever in memory (bound {r['bound']:,}). "
        + (
            "Both runs alerted on exactly the same conversations (same sorted-id hash). "
            if "unbounded" in r and r["unbounded"]["alerted_sha256"] == b["alerted_sha256"]
            else ""
        )
        + "The test `tests/hardening/test_stream_bounded.py` checks on 20,000 messages "
        "(bound 100) that every assessment and every final state equals the unbounded "
        "detector's.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    mode, n, bound, active, every, seed, d = argv
    out = run_worker(mode, int(n), int(bound), int(active), int(every), int(seed), Path(d))
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])

"""The benchmark behind ``guardline bench``: quality, latency and speed, side by side, in one run.

For every contender (the rules-only detector, baselines, the learned model) it streams each
conversation of groombench ``test`` and ``test_sessions`` message by message through a
:class:`~guardline.detect.Detector`, scores the result with :mod:`guardline.evaluate.metrics`,
measures streaming throughput on one core and memory per open conversation, checks the
hard-case sets (the development set and the sets written by other hands; and that
decisions survive renames, emojis, casing and typos), and repeats the session figures with
style cues neutralised. It writes ``docs/benchmark.md`` and a PNG of precision-recall curves.
Nothing here is tuned on the test files; they are read once.
"""

from __future__ import annotations

import gc
import math
import platform
import time
import tracemalloc
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from guardline.core.model import Conversation, ConversationAssessment, Message, Stage
from guardline.detect import Detector, RelationshipMemory
from guardline.evaluate.metrics import EvalResult, evaluate
from guardline.evaluate.replay import decoys_ever_named, scan_tracked

ProgressFn = Callable[[str], None]


def load_conversations(path: Path) -> list[Conversation]:
    from guardline.corpora import load

    return list(load(path))


@dataclass(slots=True)
class Contender:
    """A named detector to benchmark. ``make`` builds (and if needed fits) it lazily."""

    name: str
    description: str
    make: Callable[[], Detector]
    throughput_sample: int | None = None  # messages to time on; None = the whole set
    prepare: Callable[[Detector, list[Conversation]], None] | None = None  # e.g. warm a cache
    neutralised: bool = True  # also run the style-neutralised copies
    hard_cases: bool = True  # also run the hard-case sets
    #: simulated moderators decide every alert after its conversation, by the labels
    #: (:func:`moderate`): only meaningful with a relationship memory
    moderated: bool = False
    #: also time the shipped learned model's two builds (compiled hot path, plain Python)
    #: in fresh child processes on this file (:func:`build_throughputs`)
    builds_on: Path | None = None


@dataclass(slots=True)
class DatasetRun:
    result: EvalResult
    assessments: list[ConversationAssessment]
    seconds: float
    messages: int
    #: grooming conversations in which an author who is not an offender was flagged at any
    #: moment, not only at the end (the alert policy's ``outrank`` rule can move a name)
    decoys_shown: int | None = None


@dataclass(slots=True)
class ContenderRun:
    name: str
    description: str
    runs: dict[str, DatasetRun] = field(default_factory=dict)
    msgs_per_s: float | None = None
    bytes_per_conversation: float | None = None
    pre_sexual: dict[str, dict[str, float | None]] = field(default_factory=dict)
    #: per dataset: positives never alerted, and how many of them held no sign (silent_misses)
    misses: dict[str, dict[str, int]] = field(default_factory=dict)
    hard: dict[str, dict[str, Any]] = field(default_factory=dict)  # set name -> figures
    #: messages/s of the learned model per build, in fresh processes ("compiled", "python")
    builds: dict[str, float] = field(default_factory=dict)
    #: the file the per-build figures were timed on
    builds_on: str = ""
    #: how many messages msgs_per_s was timed on
    throughput_messages: int | None = None
    error: str | None = None


#: passes over the set for each messages/s figure; the best is reported
THROUGHPUT_PASSES = 3


def _forget_all(det: Detector) -> None:
    clear = getattr(det.memory, "clear", None)
    if clear is not None:
        clear()


def moderate(det: Detector, conv: Conversation, assessment: ConversationAssessment) -> None:
    """Simulated moderators, the labels as their decisions, treated as the service treats a
    decision on a case: a false alert (a flagged author who is not one of ``conv.predators``)
    is dismissed, which clears that author's flags with the conversation's other writers
    (the flag stored for this conversation and the one a carried alert came from); a true
    one is confirmed, which holds its flag (it never expires)."""
    memory = det.memory
    if not isinstance(memory, RelationshipMemory):
        return
    truth = set(conv.predators or ())
    writers = {m.author for m in conv.messages}
    for au in assessment.authors:
        if not au.flagged:
            continue
        for partner in writers - {au.author}:
            if au.author not in truth:
                memory.forget(au.author, partner)
                continue
            flag = memory.recall(au.author, partner)
            if flag is not None and not flag.held:
                memory.load(au.author, partner, replace(flag, held=True))


def scan_all(
    det: Detector,
    convs: Iterable[Conversation],
    moderated: bool = False,
    ever_named: dict[str, set[str]] | None = None,
) -> tuple[list[ConversationAssessment], float, int]:
    """Each conversation's assessment, the seconds it took and the messages scored; with
    ``ever_named``, also every author flagged at any moment of each conversation."""
    out: list[ConversationAssessment] = []
    n = 0
    t0 = time.perf_counter()
    for c in convs:
        if ever_named is None:
            a = det.scan(c)
        else:
            a, named = scan_tracked(det, c)
            ever_named[c.id] = named
        if moderated:
            moderate(det, c, a)
        out.append(a)
        n += len(c.messages)
    return out, time.perf_counter() - t0, n


def timed_messages(convs: list[Conversation], limit: int | None) -> list[Message]:
    """The messages :func:`throughput` times: all of them, or the first ``limit``."""
    msgs = [m for c in convs for m in c.messages]
    return msgs if limit is None else msgs[:limit]


def throughput(
    det: Detector, convs: list[Conversation], limit: int | None, passes: int = THROUGHPUT_PASSES
) -> float:
    """Messages per second through ``Detector.update``, one core, one process: the best of
    ``passes`` passes (as ``timeit`` reports, the pass least disturbed by the rest of the
    machine), each from the same start: no open conversation, no relationship memory and
    no warmed model cache."""
    msgs = timed_messages(convs, limit)
    cids = {m.conversation_id for m in msgs}
    best = 0.0
    for _ in range(passes):
        for cid in cids:
            det.close(cid)
        _forget_all(det)
        clear = getattr(det.model, "clear_cache", None)
        if clear is not None:
            clear()
        gc.collect()
        t0 = time.perf_counter()
        for m in msgs:
            det.update(m)
        dt = time.perf_counter() - t0
        best = max(best, len(msgs) / dt if dt > 0 else math.inf)
    for cid in cids:
        det.close(cid)
    return best


_CHILD = (
    "import sys; from guardline.evaluate.bench import child_throughput; "
    "child_throughput(sys.argv[1])"
)


def child_throughput(path: str) -> None:
    """In a child process: time the shipped learned model on ``path`` (best of three passes,
    :func:`throughput`) and print ``<build> <messages/s>`` (the build that ran)."""
    from guardline import _native
    from guardline.model import LearnedModel

    convs = load_conversations(Path(path))
    det = Detector(model=LearnedModel.load())
    print(_native.status()["build"], throughput(det, convs, None))


def build_throughputs(path: Path) -> dict[str, float]:
    """Messages/s of the shipped learned model on ``path`` for each build of the hot path,
    each in a fresh process, one after the other: ``{"compiled": ..., "python": ...}``
    (``compiled`` only when the install has the compiled modules)."""
    import os
    import subprocess
    import sys

    from guardline import _native

    out: dict[str, float] = {}
    for pure in ("", "1"):
        env = {**os.environ, _native.PURE_ENV: pure}
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        build, mps = proc.stdout.split()[-2:]
        out.setdefault(build, float(mps))
    return out


def memory_per_open_conversation(
    det: Detector, convs: list[Conversation], n_open: int = 1000, messages_each: int = 30
) -> float:
    """Traced bytes held per open conversation after ``messages_each`` messages each."""
    chosen = convs[:n_open]
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(messages_each):
        for c in chosen:
            if i < len(c.messages):
                det.update(c.messages[i])
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    for c in chosen:
        det.close(c.id)
    return (after - before) / max(1, len(chosen))


def pre_sexual_share(
    convs: list[Conversation], assessments: list[ConversationAssessment]
) -> dict[str, float | None]:
    """Among alerted positives, the share whose evidence holds a sign of a stage before
    'sexual': ``groomer`` counts only the flagged groomer's own signs (strict), ``evidence``
    any sign in the conversation's evidence (what the moderator sees); ``with_prior`` also
    counts a flagged groomer whose relationship-memory prior shows such a stage (the earlier
    conversation the alert points to)."""
    total = own = any_ = prior = 0
    early = {s.value for s in Stage if s.order < Stage.SEXUAL.order}
    for c, a in zip(convs, assessments, strict=True):
        if not c.predators or not a.alert:
            continue
        total += 1
        preds = set(c.predators)
        own += any(
            s.stage.order < Stage.SEXUAL.order
            for au in a.authors
            if au.flagged and au.author in preds
            for s in au.signals
        )
        here = any(s.stage.order < Stage.SEXUAL.order for s in a.evidence)
        any_ += here
        prior += here or any(
            au.flagged and au.author in preds and early.intersection(au.prior_stages)
            for au in a.authors
        )
    return {
        "alerted_positives": total,
        "groomer": own / total if total else None,
        "evidence": any_ / total if total else None,
        "with_prior": prior / total if total else None,
    }


def silent_misses(
    convs: list[Conversation], assessments: list[ConversationAssessment]
) -> dict[str, int]:
    """Positive conversations never alerted, and how many of them are *silent*: no labelled
    offender shows a sign of any stage (``offender_silent``), or nobody does
    (``all_silent``). A silent miss holds nothing the sign registry recognises (a later
    session that opens mid-story, a short exchange); only the text's style, or memory of
    the pair, could find it. The rest are misses with evidence the model did not act on."""
    never = off = every = 0
    for c, a in zip(convs, assessments, strict=True):
        if not c.predators or a.alert:
            continue
        never += 1
        preds = set(c.predators)
        off += not any(au.signals for au in a.authors if au.author in preds)
        every += not any(au.signals for au in a.authors)
    return {"never_alerted": never, "offender_silent": off, "all_silent": every}


def hard_case_figures(det: Detector, convs: list[Conversation]) -> dict[str, Any]:
    """False alerts per benign family; groomer-flagged alerts per grooming family; invariance."""
    from guardline.evaluate import perturb

    fam: dict[str, list[int]] = {}
    benign_alerts = benign = groom_ok = groom = 0
    unchanged = variants = 0
    for c in convs:
        a = det.scan(c)
        family = str(c.extra.get("family", "unknown"))
        kind = str(c.extra.get("kind", "grooming" if c.predators else "benign"))
        stats = fam.setdefault(f"{kind}:{family}", [0, 0])
        stats[0] += 1
        if c.predators:
            groom += 1
            ok = a.alert and bool(set(a.flagged_authors) & set(c.predators))
            groom_ok += ok
            stats[1] += ok
        else:
            benign += 1
            benign_alerts += a.alert
            stats[1] += a.alert
        for variant in perturb.variants(c, seed=1):
            b = det.scan(variant)
            variants += 1
            same = a.alert == b.alert and len(a.flagged_authors) == len(b.flagged_authors)
            if same and variant.predators is not None and c.predators is not None:
                # the flagged set must follow the renaming: groomer flagged in both or neither
                same = bool(set(a.flagged_authors) & set(c.predators)) == bool(
                    set(b.flagged_authors) & set(variant.predators)
                )
            unchanged += same
    return {
        "benign": benign,
        "benign_false_alert_share": benign_alerts / benign if benign else None,
        "grooming": groom,
        "grooming_alerted_groomer_flagged_share": groom_ok / groom if groom else None,
        "variants": variants,
        "decisions_unchanged_share": unchanged / variants if variants else None,
        "families": {k: {"conversations": v[0], "hits": v[1]} for k, v in sorted(fam.items())},
    }


def neutralised(convs: list[Conversation]) -> list[Conversation]:
    from guardline.evaluate.perturb import neutralise_conversation

    return [neutralise_conversation(c) for c in convs]


def run_benchmark(
    contenders: list[Contender],
    datasets: dict[str, list[Conversation]],
    hard_cases: Mapping[str, list[Conversation]] | None,
    progress: ProgressFn = lambda _: None,
    neutralise: tuple[str, ...] = ("test_sessions",),
) -> list[ContenderRun]:
    """Run every contender on every dataset and every hard-case set (name -> conversations);
    never raises for one contender's failure."""
    hard_sets = dict(hard_cases or {})
    out: list[ContenderRun] = []
    neutral = {
        f"{k} (style neutralised)": neutralised(v) for k, v in datasets.items() if k in neutralise
    }
    for ct in contenders:
        run = ContenderRun(ct.name, ct.description)
        out.append(run)
        try:
            progress(f"{ct.name}: building")
            det = ct.make()
            all_sets = {**datasets, **(neutral if ct.neutralised else {})}
            if ct.prepare is not None:
                progress(f"{ct.name}: preparing")
                everything = [c for v in [*all_sets.values(), *hard_sets.values()] for c in v]
                ct.prepare(det, everything)
            for dname, convs in all_sets.items():
                progress(f"{ct.name}: {dname}")
                _forget_all(det)  # relationship memory never crosses datasets
                named: dict[str, set[str]] = {}
                assessments, secs, n = scan_all(det, convs, ct.moderated, named)
                shown, _ = decoys_ever_named(convs, named)
                run.runs[dname] = DatasetRun(
                    evaluate(convs, assessments), assessments, secs, n, decoys_shown=shown
                )
            base = _throughput_set(datasets)
            progress(f"{ct.name}: throughput")
            run.msgs_per_s = throughput(det, datasets[base], ct.throughput_sample)
            run.throughput_messages = len(timed_messages(datasets[base], ct.throughput_sample))
            if ct.builds_on is not None:
                progress(f"{ct.name}: throughput per build (fresh processes)")
                run.builds = build_throughputs(ct.builds_on)
                run.builds_on = ct.builds_on.name
            if ct.throughput_sample is None:
                progress(f"{ct.name}: memory")
                run.bytes_per_conversation = memory_per_open_conversation(det, datasets[base])
            for k in datasets:
                run.pre_sexual[k] = pre_sexual_share(datasets[k], run.runs[k].assessments)
                run.misses[k] = silent_misses(datasets[k], run.runs[k].assessments)
            for hname, hconvs in hard_sets.items() if ct.hard_cases else ():
                progress(f"{ct.name}: {hname}")
                run.hard[hname] = hard_case_figures(det, hconvs)
        except Exception as exc:  # report, keep the other contenders
            run.error = f"{type(exc).__name__}: {exc}"
    return out


# --------------------------------------------------------------------------- report


def _decoys(dr: DatasetRun) -> str:
    """Decoys flagged at the end of a grooming conversation / at any moment of it."""
    totals = dr.result.totals
    end = _pct(totals.decoy_flagged_rate)
    if dr.decoys_shown is None or not totals.positives:
        return end
    return f"{end} / {_pct(dr.decoys_shown / totals.positives)}"


def _f(x: float | None, d: int = 3) -> str:
    return "–" if x is None else f"{x:.{d}f}"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def pr_curves_png(
    runs: list[ContenderRun], datasets: dict[str, list[Conversation]], path: Path
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve

    names = [k for k in ("test", "test_sessions") if k in datasets]
    fig, axes = plt.subplots(1, len(names), figsize=(6 * len(names), 5), squeeze=False)
    for ax, dname in zip(axes[0], names, strict=True):
        labels = [bool(c.predators) for c in datasets[dname]]
        for r in runs:
            if dname not in r.runs:
                continue
            scores = [a.risk for a in r.runs[dname].assessments]
            prec, rec, _ = precision_recall_curve(labels, scores)
            ax.plot(rec, prec, label=f"{r.name} (AP {_f(r.runs[dname].result.pr_auc)})")
        ax.set_title(f"groombench {dname}: conversation risk")
        ax.set_xlabel("recall")
        ax.set_ylabel("precision")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.02)
        ax.legend(loc="lower left")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _build_line() -> str:
    from guardline import _native

    st = _native.status()
    return "compiled with mypyc" if st["build"] == "compiled" else f"plain Python, {st['reason']}"


def _throughput_set(datasets: Mapping[str, object]) -> str:
    """The dataset messages/s are timed on: test_sessions when present, else the first."""
    return "test_sessions" if "test_sessions" in datasets else next(iter(datasets))


def render_markdown(
    runs: list[ContenderRun],
    datasets: dict[str, list[Conversation]],
    png_name: str | None,
    extra_sections: list[str] | None = None,
    hard_notes: Mapping[str, str] | None = None,
) -> str:
    """The Markdown report; ``hard_notes`` says, per hard-case set name, who wrote the set
    and what it may be used for."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# guardline benchmark",
        "",
        f"Written by `guardline bench` on {now} ({platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}, one process, one core; hot path: "
        f"{_build_line()}).",
        "Every figure below comes from one run; rerun `guardline bench` to reproduce.",
        "Detectors are scored **message by message** (streaming `Detector.update` semantics);",
        "`first_alert_index` is where the first alert would have been raised.",
        f"Messages/s: through `Detector.update` on `{_throughput_set(datasets)}` (the slow "
        f"baselines on its first messages: see each detector's section), the best of "
        f"{THROUGHPUT_PASSES} passes, each from no open conversation, no memory and no warmed "
        "cache.",
        "",
        "Datasets: "
        + ", ".join(
            f"`{k}` ({len(v)} conversations, {sum(len(c.messages) for c in v):,} messages)"
            for k, v in datasets.items()
        )
        + ".",
        "",
    ]
    # side by side
    lines += [
        "## Side by side",
        "",
        "| detector | test author F0.5 | test ROC-AUC | sessions author F0.5 | sessions F1 (conv) "
        "| speed | F_latency | alert ≤10 msgs | never alerted | decoy flagged (end / any moment) "
        "| worst source false "
        "alerts | hard cases: benign false alerts / groomer flagged, per set | messages/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        if r.error:
            lines.append(f"| {r.name} | error: {r.error} |" + " |" * 12)
            continue
        t = r.runs.get("test")
        s = r.runs.get("test_sessions")
        worst = None
        if s is not None:
            shares = [
                (v.negative_alert_share, k)
                for k, v in s.result.sources.items()
                if v.negative_alert_share is not None
            ]
            worst = max(shares) if shares else None
        mps = f"{r.msgs_per_s:,.0f}" if r.msgs_per_s is not None else "–"
        hard = (
            "; ".join(
                f"{k}: {_pct(h['benign_false_alert_share'])} / "
                f"{_pct(h['grooming_alerted_groomer_flagged_share'])}"
                for k, h in r.hard.items()
            )
            or "–"
        )
        lines.append(
            f"| {r.name} | {_f(t.result.authors.f05) if t else '–'} "
            f"| {_f(t.result.roc_auc) if t else '–'} "
            f"| {_f(s.result.authors.f05) if s else '–'} "
            f"| {_f(s.result.conversations.f1) if s else '–'} "
            f"| {_f(s.result.latency.speed) if s else '–'} "
            f"| {_f(s.result.latency.f_latency) if s else '–'} "
            f"| {_pct(s.result.latency.within_early) if s else '–'} "
            f"| {_pct(s.result.latency.never_alerted) if s else '–'} "
            f"| {_decoys(s) if s else '–'} "
            f"| {(_pct(worst[0]) + ' (' + worst[1] + ')') if worst else '–'} "
            f"| {hard} | {mps} |"
        )
    lines.append("")
    lines += [f"- **{r.name}**: {r.description}" for r in runs]
    lines.append("")
    if png_name:
        lines += [f"![precision-recall curves]({png_name})", ""]
    # details per contender
    sentinel_mps = next((r.msgs_per_s for r in runs if r.name == "sentinel"), None)
    for r in runs:
        if r.error:
            continue
        lines += [f"## {r.name}", ""]
        if r.msgs_per_s is not None:
            over = (
                f" over {r.throughput_messages:,} messages"
                if r.throughput_messages is not None
                else ""
            )
            lines.append(
                f"- streaming throughput: **{r.msgs_per_s:,.0f} messages/s** on one core "
                f"(best of {THROUGHPUT_PASSES} passes{over})"
            )
        if r.builds:
            each = "; ".join(f"{b} {v:,.0f}" for b, v in r.builds.items())
            ratio = (
                f" (compiled / Python **{r.builds['compiled'] / r.builds['python']:.2f}×**)"
                if "compiled" in r.builds and "python" in r.builds
                else ""
            )
            lines.append(
                f"- the same model per build of the hot path, each in a fresh process, best of "
                f"{THROUGHPUT_PASSES} passes over {r.builds_on}: {each} messages/s{ratio}"
            )
        if r.bytes_per_conversation is not None:
            lines.append(
                f"- memory per open conversation (30 messages each, 1,000 open): "
                f"**{r.bytes_per_conversation / 1024:.1f} KiB**"
            )
        for dname, ps in r.pre_sexual.items():
            lines.append(
                f"- {dname}: of {ps['alerted_positives']} alerted positives, "
                f"**{_pct(ps['evidence'])}** show a sign from a stage before 'sexual' in their "
                f"evidence; **{_pct(ps['groomer'])}** in the flagged groomer's own signs"
                + (
                    f"; **{_pct(ps['with_prior'])}** counting the stages of the earlier "
                    "conversation a carried alert points to"
                    if ps.get("with_prior") != ps["evidence"]
                    else ""
                )
            )
        for dname, ms in r.misses.items():
            if ms["never_alerted"]:
                lines.append(
                    f"- {dname}: of {ms['never_alerted']} positives never alerted, "
                    f"**{ms['offender_silent']}** show no sign from the offender "
                    f"({ms['all_silent']} no sign from anyone): misses with nothing the signs "
                    "recognise, against misses with evidence the model did not act on"
                )
        if sentinel_mps and r.msgs_per_s and r.name != "sentinel":
            lines.append(
                f"- throughput ratio to the Sentinel-style baseline (same run): "
                f"**{r.msgs_per_s / sentinel_mps:,.0f}×**"
            )
        lines.append("")
        lines += [
            "| dataset | author P | author R | author F0.5 | author F1 | conv ROC-AUC "
            "| conv PR-AUC | conv F1 | median k | speed | F_latency | ≤10 msgs | never "
            "| decoy flagged (end / any moment) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for dname, dr in r.runs.items():
            res = dr.result
            lat = res.latency
            lines.append(
                f"| {dname} | {_f(res.authors.precision)} | {_f(res.authors.recall)} "
                f"| {_f(res.authors.f05)} | {_f(res.authors.f1)} | {_f(res.roc_auc)} "
                f"| {_f(res.pr_auc)} | {_f(res.conversations.f1)} | {_f(lat.median_k, 1)} "
                f"| {_f(lat.speed)} | {_f(lat.f_latency)} | {_pct(lat.within_early)} "
                f"| {_pct(lat.never_alerted)} | {_decoys(dr)} |"
            )
        lines.append("")
        lines += [
            "Per source (recall on positives; false alerts on negatives: share of records and "
            "per 1,000 messages):",
            "",
            "| dataset | source | records | recall | false alerts | per 1k msgs |",
            "|---|---|---|---|---|---|",
        ]
        for dname, dr in r.runs.items():
            for src, ss in sorted(dr.result.sources.items()):
                lines.append(
                    f"| {dname} | {src} | {ss.conversations} | {_pct(ss.recall)} "
                    f"| {_pct(ss.negative_alert_share)} "
                    f"| {_f(ss.alerts_per_1000_negative_messages, 2)} |"
                )
        lines.append("")
        for hname, h in r.hard.items():
            about = (hard_notes or {}).get(hname, "")
            lines += [
                f"Hard cases `{hname}`{': ' + about if about else ''}:",
                "",
                f"- false alerts on benign families: **{_pct(h['benign_false_alert_share'])}** "
                f"of {h['benign']}",
                f"- grooming-like alerted with the groomer flagged: "
                f"**{_pct(h['grooming_alerted_groomer_flagged_share'])}** of {h['grooming']}",
                f"- decisions unchanged under renames / emojis / casing / typos: "
                f"**{_pct(h['decisions_unchanged_share'])}** of {h['variants']} variants",
                "",
                "| family | conversations "
                "| alerts (benign: false alerts; grooming: groomer flagged) |",
                "|---|---|---|",
            ]
            for k, v in h["families"].items():
                lines.append(f"| {k} | {v['conversations']} | {v['hits']} |")
            lines.append("")
    lines += extra_sections or []
    return "\n".join(lines) + "\n"

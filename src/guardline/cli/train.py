"""``guardline train``: rebuild the learned model deterministically and print its CV figures."""

from __future__ import annotations

import hashlib
import os
import platform
import sys
from pathlib import Path

import typer

from guardline.cli.app import app
from guardline.corpora.locate import shared_data_dir

_DEFAULT_DATA = shared_data_dir() / "groombench"
_DEVSETS = Path(__file__).resolve().parents[3] / "devsets"
_DEV = _DEVSETS / "hard_cases.jsonl"
_DEFAULT_DEV = _DEV if _DEV.is_file() else None
#: hand-written hard cases the shipped model trains on: sets B, E and F, each by its own
#: writer (devsets/README_b.md, README_e.md, README_f.md)
_HAND = [_DEVSETS / f"hard_cases_{x}.jsonl" for x in ("b", "e", "f")]
_DEFAULT_HAND = [p for p in _HAND if p.is_file()]
#: sources of the held-out hard-case sets (devsets/README_c.md, README_d.md, README_i.md to
#: README_l.md): scored once per released model, never trained on; training on them needs
#: --allow-held-out
HELD_OUT_SOURCES = frozenset(
    {"hardcase_c", "hardcase_d", "hardcase_i", "hardcase_j", "hardcase_k", "hardcase_l"}
)

#: one floating-point kernel family for every x86-64 machine with AVX2: OpenBLAS's Haswell
#: kernels and numpy without its AVX-512 loops. Left to choose, OpenBLAS and numpy pick the
#: kernels of the CPU they run on, which sum in other orders: the head's fit then stops
#: slightly elsewhere (up to 1e-4 relative) and the file's hash changes with the CPU
#: (docs/model_dev.md, "The file's hash across CPUs")
PINNED_KERNELS = {
    "OPENBLAS_CORETYPE": "Haswell",
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512F AVX512CD AVX512_KNL AVX512_KNM AVX512_SKX "
    "AVX512_CLX AVX512_CNL AVX512_ICL AVX512_SPR",
}


def kernels_to_pin(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The variables :data:`PINNED_KERNELS` still to set for this process: those not set
    yet. None when the user set either to another value (their choice stands), or off Linux
    x86-64 with AVX2, where the pin cannot hold. One already set to the pinned value (some
    machine images set ``OPENBLAS_CORETYPE=Haswell``) does not stop the other being set."""
    env = os.environ if environ is None else environ
    if any(k in env and env[k] != v for k, v in PINNED_KERNELS.items()):
        return {}
    missing = {k: v for k, v in PINNED_KERNELS.items() if k not in env}
    if not missing:
        return {}
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        return {}
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            flags = next((line for line in fh if line.startswith("flags")), "")
    except OSError:
        return {}
    if " avx2" not in flags or " fma" not in flags:
        return {}
    return missing


def pin_kernels_and_reexec(argv: list[str]) -> None:
    """Before ``guardline train`` loads numpy's and OpenBLAS's kernels: run it again in a
    process with :data:`PINNED_KERNELS` set, so the model file's hash is the same on any
    such machine (called by the console entry point only, never inside a test process)."""
    todo = kernels_to_pin()
    if not todo:
        return
    os.environ.update(todo)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(
        sys.executable, [sys.executable, "-c", "from guardline.cli import main; main()", *argv]
    )


@app.command()
def train(
    data: Path = typer.Option(_DEFAULT_DATA, "--data", help="groombench folder (train files)."),
    out: Path | None = typer.Option(
        None, "--out", help="Model file to write (default: the file shipped in the package)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed (training is deterministic given it)."),
    synthetic: int = typer.Option(
        60,
        "--synthetic",
        min=0,
        help="Synthetic modern-register conversations per family mixed into training "
        "(guardline.corpora.synthetic; 0 = groombench only). The shipped model used 60.",
    ),
    synthetic_group: int = typer.Option(
        0,
        "--synthetic-group",
        min=0,
        help="Synthetic group chats and long sparse chats per family "
        "(guardline.corpora.synthetic_group; 0 = none).",
    ),
    hard_cases: Path | None = typer.Option(
        _DEFAULT_DEV,
        "--hard-cases",
        help="Hard-case development set (JSONL) that takes part in choosing the alert policy "
        "(nothing is fitted on it); the shipped model used devsets/hard_cases.jsonl.",
    ),
    hand_written: list[Path] | None = typer.Option(
        None,
        "--hand-written",
        help="Hand-written labelled conversations (guardline JSONL with `predators` and "
        "`family`) that train the text models and the head, cross-validated by family; "
        "repeatable. Default: devsets/hard_cases_b.jsonl, hard_cases_e.jsonl and "
        "hard_cases_f.jsonl (sets B, E, F), as the shipped model.",
    ),
    no_hand_written: bool = typer.Option(
        False, "--no-hand-written", help="Train without hand-written conversations."
    ),
    allow_held_out: bool = typer.Option(
        False,
        "--allow-held-out",
        help="Allow --hand-written files from the held-out sets C, D, I, J, K and L (it spends "
        "them: they are then no longer a fair check of this model).",
    ),
    static_embeddings: bool = typer.Option(
        False,
        "--static-embeddings",
        help="Add a fourth text model on MiniLM's static word vectors (needs the embeddings "
        "extra to train; the model file then streams without it). Not used by the shipped "
        "model (docs/model_dev.md, session 14).",
    ),
    backchannel: bool = typer.Option(
        False,
        "--backchannel",
        help="Messages made only of reactions ('ok', 'lol', 'cool') carry no text score, so "
        "chats of reactions do not look like the training corpora's decoys. Not used by the "
        "shipped model (docs/model_dev.md, 'Reaction-only chats').",
    ),
    repeats: int = typer.Option(
        16,  # TrainConfig.repeats (the training module loads only when the command runs)
        "--repeats",
        min=0,
        max=256,  # features.MAX_REPEATS
        help="A message with the same words as one of its author's last N distinct messages "
        "carries no text score, so a chat that repeats a line does not grow its score (0: "
        "off; the shipped model uses 16, docs/model_dev.md, 'Repeated messages').",
    ),
    hand_written_weight: float = typer.Option(
        5.0,
        "--hand-written-weight",
        min=0.0,
        help="Weight of each hand-written conversation (the shipped model used 5).",
    ),
    cv_risks: Path | None = typer.Option(
        None,
        "--cv-risks",
        metavar="<path>",
        help="Also write the out-of-fold risk of every message of train_sessions (JSON, no "
        "text), for `guardline replay`: relationship memory and alert policies chosen by "
        "cross-validation without refitting.",
    ),
) -> None:
    """Train the learned model on groombench's training files (grouped CV; never test)."""
    from guardline.model import train as training
    from guardline.model.format import write
    from guardline.model.learned import DEFAULT_FILE

    pinned = all(os.environ.get(k) == v for k, v in PINNED_KERNELS.items())
    typer.echo(
        "float kernels: OpenBLAS Haswell, numpy without AVX-512 (the same on any x86-64 "
        "CPU with AVX2)"
        if pinned
        else "float kernels: this CPU's own (the file's hash may differ on another CPU)"
    )
    from guardline import _native

    build = _native.status()
    typer.echo(
        "hot path: compiled with mypyc (the same file as plain Python, tested)"
        if build["build"] == "compiled"
        else f"hot path: plain Python ({build['reason']})"
    )

    for name in ("train.jsonl.gz", "train_unmatched.jsonl.gz", "train_sessions.jsonl.gz"):
        if not (data / name).is_file():
            typer.echo(f"error: {data / name} not found (pass --data DIR)", err=True)
            raise typer.Exit(2)
    try:
        from guardline.signs import default_registry
    except ImportError:
        typer.echo("error: guardline.signs.default_registry is not available", err=True)
        raise typer.Exit(2) from None
    from guardline.corpora import CorpusError, load

    hand_files = [] if no_hand_written else (hand_written or list(_DEFAULT_HAND))
    if hard_cases is not None and any(_same(hard_cases, f) for f in hand_files):
        typer.echo(
            "error: the hard-case development set cannot also be training data "
            "(--hard-cases and --hand-written name the same file)",
            err=True,
        )
        raise typer.Exit(2)
    handwritten = []
    for f in hand_files:
        try:
            convs = list(load(f))
        except (CorpusError, OSError) as exc:
            typer.echo(f"error: --hand-written {f}: {exc}", err=True)
            raise typer.Exit(2) from None
        unlabelled = sum(1 for c in convs if "family" not in c.extra)
        if unlabelled:
            typer.echo(
                f"error: --hand-written {f}: {unlabelled} conversation(s) without a `family` "
                "(the cross-validation groups by it)",
                err=True,
            )
            raise typer.Exit(2)
        held_out = sorted({str(c.extra.get("source")) for c in convs} & HELD_OUT_SOURCES)
        if held_out and not allow_held_out:
            typer.echo(
                f"error: --hand-written {f}: conversations from the held-out set(s) "
                f"{', '.join(held_out)} (scored once per released model, never trained on); "
                "pass --allow-held-out to spend them",
                err=True,
            )
            raise typer.Exit(2)
        handwritten += convs
    registry = default_registry()
    target = out or Path(training.__file__).with_name(DEFAULT_FILE)
    cfg = training.TrainConfig(
        seed=seed,
        synthetic=synthetic,
        synthetic_group=synthetic_group,
        handwritten_weight=hand_written_weight,
        static_embedding=static_embeddings,
        backchannel=backchannel,
        repeats=repeats,
        handwritten_files=tuple(
            (f.name, hashlib.sha256(f.read_bytes()).hexdigest()) for f in hand_files
        ),
    )
    if static_embeddings:
        from guardline.model.wordpiece import EmbeddingTablesMissing, minilm_dir

        try:
            minilm_dir()
        except EmbeddingTablesMissing as exc:
            typer.echo(f"error: --static-embeddings: {exc}", err=True)
            raise typer.Exit(2) from None
    ds = training.load_dataset(
        data,
        registry.find,
        log=typer.echo,
        extra=training.synthetic_conversations(cfg),
        extra_weight=cfg.synthetic_weight,
        spelling=cfg.spelling,
        typo_rate=cfg.typo_rate,
        handwritten=handwritten,
        handwritten_weight=cfg.handwritten_weight,
        static_embedding=cfg.static_embedding,
        backchannel=cfg.backchannel,
        repeats=cfg.repeats,
    )
    dev = None
    if hard_cases is not None:
        dev = list(load(hard_cases))
    kept: list[training.CVResult] = []
    payload, _ = training.build_payload(
        ds, cfg, log=typer.echo, dev=dev, on_cv=kept.append if cv_risks is not None else None
    )
    if cv_risks is not None:
        from guardline.evaluate.replay import write_cv_risks

        write_cv_risks(cv_risks, training.session_risks(ds, kept[0]), payload["policy"])
        typer.echo(f"wrote out-of-fold session risks to {cv_risks}")
    digest = write(target, payload)
    size = target.stat().st_size
    typer.echo(f"wrote {target} ({size:,} bytes)")
    typer.echo(f"sha256 {digest}")
    assert digest == hashlib.sha256(target.read_bytes()).hexdigest()


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except OSError:
        return False

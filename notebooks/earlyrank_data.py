"""Reading an EarlyRank sweep from a notebook.

Tables are read with pyarrow where it is installed, otherwise through EarlyRank's own export command
(``bin/earlyrank export``, JSON Lines), so Debian's Python (no pyarrow) reads the same Parquet files.
Set EARLYRANK_READER=export or =pyarrow to force one way.
"""
import json
import os
import pathlib
import subprocess
import tempfile

import pandas as pd

REPO = pathlib.Path(__file__).resolve().parent.parent


def _is_sweep(p):
    return (p / "options.json").is_file() or (p / "runs" / "_SUCCESS").is_file()


def _sweeps_under(root, depth=3):
    found = []
    if not root.is_dir():
        return found
    if _is_sweep(root):
        return [root]
    if depth == 0:
        return found
    for child in root.iterdir():
        if child.is_dir() and not child.name.startswith(("_", ".")):
            found += _sweeps_under(child, depth - 1)
    return found


def _stamp(sweep):
    for f in (sweep / "options.json", sweep / "runs" / "_SUCCESS"):
        if f.exists():
            return f.stat().st_mtime
    return sweep.stat().st_mtime


def find_sweep():
    """The sweep folder: EARLYRANK_SWEEP (a sweep, or a folder holding sweeps such as out/ or
    out/nightly/latest), else the newest sweep under ./out (the repository's out/, then the current
    folder's)."""
    env = os.environ.get("EARLYRANK_SWEEP")
    roots = [pathlib.Path(env)] if env else [REPO / "out", pathlib.Path.cwd() / "out"]
    candidates = []
    for r in roots:
        candidates += _sweeps_under(r.expanduser().resolve())
    if not candidates:
        where = env if env else f"{REPO / 'out'} or ./out"
        raise FileNotFoundError(
            f"no EarlyRank sweep under {where}: run `bin/earlyrank sweep` (or train) first, "
            "or set EARLYRANK_SWEEP=DIR/<sweep_id>")
    return max(candidates, key=_stamp)


def find_mip(sweep):
    """The folder with prune-mip's tables: EARLYRANK_MIP (a folder, or one holding it such as out/), else the
    sweep itself when prune-mip wrote there, else the newest folder with mip_importance beside the sweep
    (prune-mip writes its own folder, out/mip, next to the sweep's out/default). None when there is none."""
    env = os.environ.get("EARLYRANK_MIP")
    sweep = pathlib.Path(sweep)
    if env:
        roots = [pathlib.Path(env).expanduser().resolve()]
    elif has_table(sweep, "mip_importance"):
        return sweep
    else:
        roots = [sweep.parent]
    found = [s for r in roots for s in _sweeps_under(r) if has_table(s, "mip_importance")]
    return max(found, key=_stamp) if found else None


def has_table(sweep, name):
    """True when the table is published (complete) in the sweep."""
    return (pathlib.Path(sweep) / name / "_SUCCESS").is_file()


def tables(sweep):
    """Names of the published tables of a sweep."""
    return sorted(p.name for p in pathlib.Path(sweep).iterdir()
                  if p.is_dir() and not p.name.startswith(("_", ".")) and has_table(sweep, p.name))


def reader():
    """'pyarrow' or 'export': how tables are read here."""
    forced = os.environ.get("EARLYRANK_READER")
    if forced:
        return forced
    try:
        import pyarrow.parquet  # noqa: F401
        return "pyarrow"
    except ImportError:
        return "export"


# Tables that can be large (per sample or per minibatch): exported on their own, with filters.
LARGE = {"features", "steps", "heads"}
_exported = {}


def read_table(sweep, name, columns=None, where=None):
    """A table as a DataFrame (arrays as lists, maps as dicts, NULL as None/NaN), or None when the sweep
    has no such published table. ``where`` maps a column to the values to keep, e.g. {"split": ["val"]}."""
    if not has_table(sweep, name):
        return None
    path = pathlib.Path(sweep) / name
    if reader() == "pyarrow":
        import pyarrow.parquet as pq
        filters = [(c, "in", list(v)) for c, v in (where or {}).items()] or None
        return pq.read_table(path, columns=columns, filters=filters).to_pandas()
    if columns or where or name in LARGE:
        return _export(sweep, [name], columns, where)[name]
    # Each export starts a JVM (seconds): the first read exports every small table of the sweep at once.
    key = str(pathlib.Path(sweep).resolve())
    if key not in _exported or name not in _exported[key]:
        small = [t for t in tables(sweep) if t not in LARGE]
        _exported[key] = _export(sweep, small, None, None)
    return _exported[key][name].copy()


def _export(sweep, names, columns, where):
    cmd = [str(REPO / "bin" / "earlyrank"), "export", "--sweep", str(sweep), "--format", "json"]
    for n in names:
        cmd += ["--table", n]
    if columns:
        cmd += ["--columns", ",".join(columns)]
    for col, values in (where or {}).items():
        cmd += ["--where", f"{col}=" + ",".join(str(v) for v in values)]
    frames = {}
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(cmd + ["--output", out], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
        for n in names:
            with open(os.path.join(out, n + ".jsonl"), encoding="utf-8") as f:
                # Python's json reads the NaN and Infinity the export writes for non-finite values.
                records = [json.loads(line) for line in f if line.strip()]
            frames[n] = pd.DataFrame.from_records(records, columns=columns)
    return frames


def truth_column(runs):
    """The ground-truth column of a runs table: final test accuracy where every ok run has one, else the
    final validation accuracy (the rule DESIGN.md states; rank_correlation.truth records the choice)."""
    ok = runs[runs["status"] == "ok"]
    return "final_test_acc" if len(ok) and ok["final_test_acc"].notna().all() else "final_val_acc"

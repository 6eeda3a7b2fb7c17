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


# --- The nightly history (bin/earlyrank history): HISTORY_DIR/<table>/date=YYYY-MM-DD/ ---

def find_history():
    """The history folder: EARLYRANK_HISTORY, else out/nightly/history of the repository, else of the
    current folder. Raises FileNotFoundError naming where it looked."""
    env = os.environ.get("EARLYRANK_HISTORY")
    roots = [pathlib.Path(env)] if env else [REPO / "out" / "nightly" / "history",
                                              pathlib.Path.cwd() / "out" / "nightly" / "history"]
    for r in roots:
        r = r.expanduser().resolve()
        if (r / "nights").is_dir():
            return r
    raise FileNotFoundError(
        f"no nightly history at {' or '.join(str(r) for r in roots)}: run bin/nightly (or `bin/earlyrank history "
        "--sweep DIR/<sweep_id> --into HISTORY_DIR`) first, or set EARLYRANK_HISTORY=HISTORY_DIR")


def history_nights(history):
    """The nights of a history (dates of its nights partitions), oldest first, as 'YYYY-MM-DD' strings."""
    return sorted(p.name[len("date="):] for p in (pathlib.Path(history) / "nights").glob("date=*")
                  if (p / "_SUCCESS").is_file())


_history_cache = {}


def read_history(history, name):
    """Every night's rows of a history table as one DataFrame with a ``date`` column (a string, as in the
    folder names), oldest night first; None when no night has the table."""
    history = pathlib.Path(history)
    if not any((history / name).glob("date=*/_SUCCESS")):
        return None
    if reader() == "pyarrow":
        import pyarrow.dataset as ds
        frame = ds.dataset(history / name, format="parquet", partitioning="hive",
                           exclude_invalid_files=True).to_table().to_pandas()
        frame["date"] = frame["date"].astype(str)
        return frame.sort_values("date", kind="stable").reset_index(drop=True)
    key = str(history.resolve())
    if key not in _history_cache:
        _history_cache[key] = _export_history(history)
    frames = [f for f in _history_cache[key].get(name, []) if f is not None]
    return pd.concat(frames, ignore_index=True) if frames else None


def _export_history(history):
    """Without pyarrow: each night's partitions copied into a temporary folder laid out like a sweep
    (<table>/ with its part file and _SUCCESS), exported with one `bin/earlyrank export` a night."""
    import shutil
    out = {}
    for night in history_nights(history):
        with tempfile.TemporaryDirectory() as tmp:
            present = []
            for table_dir in sorted(p for p in history.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
                part = table_dir / f"date={night}"
                if (part / "_SUCCESS").is_file():
                    shutil.copytree(part, pathlib.Path(tmp) / table_dir.name)
                    present.append(table_dir.name)
            for name, frame in _export(tmp, present, None, None).items():
                frame.insert(0, "date", night)
                out.setdefault(name, []).append(frame)
    return out

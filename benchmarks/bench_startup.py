"""Start-up of `parley extract` on one small file, timed as a user feels it: the whole
process, from exec to exit, over several runs.

Every CLI call, Dask task and upload pays the start-up once, so it is timed apart from
extraction throughput (bench_extract.py). Wall time is what a user waits; CPU time (user
+ system of the child) is what the machine spends and is the steadier figure when other
jobs share the cores, so both are printed with the load average before and after.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [FILE]
        (default: examples/docs/04_biden_xi_call.txt, 862 bytes)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "examples" / "docs" / "04_biden_xi_call.txt"


def _command() -> list[str]:
    """The installed `parley` script beside this interpreter, as a user runs it; the
    module's entry point when there is none (a bare checkout on PYTHONPATH)."""
    script = Path(sys.executable).parent / "parley"
    if script.exists():
        return [str(script)]
    found = shutil.which("parley")
    if found:
        return [found]
    return [sys.executable, "-c", "from parley.cli import main; main()"]


def _stats(xs: list[float]) -> dict[str, float]:
    return {
        "min": round(min(xs), 3),
        "median": round(statistics.median(xs), 3),
        "max": round(max(xs), 3),
    }


def run(path: Path, runs: int) -> dict[str, object]:
    cmd = [*_command(), "extract", str(path), "--format", "jsonl"]
    walls: list[float] = []
    cpus: list[float] = []
    outputs: set[str] = set()
    load_before = os.getloadavg()
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, check=True)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        outputs.add(hashlib.sha256(done.stdout).hexdigest()[:16])
    return {
        "command": " ".join(["parley", *cmd[-4:]]),
        "runs": runs,
        "wall_s": _stats(walls),
        "cpu_s": _stats(cpus),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        # every run must print the same events: a start-up that changed them is no gain
        "outputs": sorted(outputs),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    print(json.dumps(run(args.file, args.runs)))


if __name__ == "__main__":
    main()

"""Rebuild src/parley/kb/prebuilt.pickle from the tables (see parley/kb/prebuilt.py).

The build runs in a child process with the prebuilt file switched off, so nothing comes
from the file being replaced, and with a fixed hash seed, so that sets are written in one
order. A file whose recorded hash of the sources is current is left alone, so `make run`
and `make test` call this every time at the cost of a hash; --force rebuilds it all the
same. The file is a build artefact (ignored by git; 14 MB that would change with every
table edit). It also unpacks py3langid's model beside parley/read/lang.py, for the
same reason: no command should decompress it at start-up. tests/kb/test_prebuilt.py
checks that the file is current and holds what the tables give.

    .venv/bin/python scripts/build_prebuilt.py [--check] [--force]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path


def build_bytes() -> bytes:
    """The file's bytes as the sources give them, built in a fresh process."""
    env = {**os.environ, "PARLEY_PREBUILT": "0", "PYTHONHASHSEED": "0"}
    code = "import sys; from parley.extract.prebuild import build; sys.stdout.buffer.write(build())"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr.decode(errors="replace"))
        raise SystemExit(done.returncode)
    return done.stdout


def _current() -> bool:
    from parley.kb import prebuilt

    try:
        with prebuilt.PREBUILT.open("rb") as fh:
            return bool(prebuilt.read_header(fh).get("fingerprint") == prebuilt.fingerprint())
    except (OSError, ValueError, EOFError):
        return False


def _unpack_langid(check: bool) -> None:
    """py3langid's model as plain arrays (parley/read/lang.py says why)."""
    from parley.read.lang import UNPACKED, unpack_model

    if not check and unpack_model():
        print(f"wrote {UNPACKED}")


def main() -> None:
    from parley.kb.prebuilt import PREBUILT

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--check", action="store_true", help="Exit 1 if the shipped file is not current."
    )
    ap.add_argument("--force", action="store_true", help="Rebuild even a current file.")
    args = ap.parse_args()
    _unpack_langid(check=args.check)
    current = _current()
    if args.check:
        print(f"{PREBUILT}: {'current' if current else 'STALE: run make prebuilt'}")
        raise SystemExit(0 if current else 1)
    if current and not args.force:
        print(f"{PREBUILT} is current (built from these sources)")
        return
    data = build_bytes()
    part = Path(f"{PREBUILT}.part")
    part.write_bytes(data)
    os.replace(part, PREBUILT)  # a process starting meanwhile reads the old file or the new
    print(f"wrote {PREBUILT} ({len(data) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

"""Run the BPJS simulator from the command line.

    python -m antrean_desktop.sim --port 8765 --cons-id 1234 --secret pwd --user-key uk

Point the program's ``[bpjs] base_url`` at the printed address. Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import threading
from collections.abc import Sequence

from antrean_desktop.sim.bpjs_server import BpjsSimulator


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m antrean_desktop.sim", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--cons-id", default="sim-cons-id")
    parser.add_argument("--secret", default="sim-secret")
    parser.add_argument("--user-key", default="sim-user-key")
    parser.add_argument("--allowed-skew", type=float, default=300, help="seconds")
    parser.add_argument(
        "--require-admission-tasks",
        action="store_true",
        help="reject task 3 of a new patient until tasks 1 and 2 were sent (strict BPJS)",
    )
    parser.add_argument(
        "--jadwal",
        action="append",
        default=[],
        metavar="KODEPOLI,KODEDOKTER,HH:MM-HH:MM[,KAPASITAS]",
        help="a doctor's session, every day (repeatable); antrean/add must match one. "
        "Without it the built-in demo schedule applies",
    )
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(name)s %(message)s",
    )
    sim = BpjsSimulator(
        args.cons_id,
        args.secret,
        args.user_key,
        host=args.host,
        port=args.port,
        allowed_skew_seconds=args.allowed_skew,
        require_admission_tasks=args.require_admission_tasks,
    )
    if args.jadwal:
        sim.jadwal = {}
        for text in args.jadwal:
            try:
                poli, dokter, jam, *rest = (part.strip() for part in text.split(","))
                sim.add_jadwal(poli, int(dokter), jam, int(rest[0]) if rest else 30)
            except ValueError:
                parser.error(f"--jadwal {text!r}: expected KODEPOLI,KODEDOKTER,HH:MM-HH:MM")
    with sim:
        print(f"BPJS simulator at {sim.base_url} (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env bash
# Runs pytest with the wall clock of every Python process moved to a given moment:
#   tests/at_date.sh "2026-12-31 23:30" tests/e2e -q
# The moment is read in the hospital's zone (Asia/Jakarta, WIB). The clock is moved by a fixed
# offset (time-machine, started by a .pth file in .venv, see tests/support/moment_site), so it keeps
# running and pytest and the programs the tests start agree on the time; the monotonic clock is
# left alone. Needs .venv from ./tests/run.sh. Debian's libfaketime 0.9.10 was tried first: it
# breaks Python 3.11's time.sleep (EINVAL) and threading timeouts (hang).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: tests/at_date.sh 'YYYY-MM-DD HH:MM' [PYTEST ARGS...]" >&2
  exit 2
fi
moment=$1
shift
target=$(TZ=UTC date -d "TZ=\"Asia/Jakarta\" $moment" +%s 2>/dev/null) || {
  echo "tests/at_date.sh: not a date and time: '$moment' (expected YYYY-MM-DD HH:MM, WIB)" >&2
  exit 2
}
site=$(.venv/bin/python -c "import sysconfig; print(sysconfig.get_path('purelib'))")
printf '%s\nimport antrean_test_clock\n' "$PWD/tests/support/moment_site" >"$site/antrean_test_clock.pth"
offset=$((target - $(date +%s)))
echo "== pytest at $(TZ=Asia/Jakarta date -d "@$target" '+%a %Y-%m-%d %H:%M %Z') (clock moved by ${offset} s)"
export ANTREAN_TEST_CLOCK_OFFSET=$offset
if ! .venv/bin/python -c "import sys, time; sys.exit(abs(time.time() - $target) > 120)"; then
  echo "tests/at_date.sh: the clock did not move (is time-machine installed in .venv?)" >&2
  exit 1
fi
export QT_QPA_PLATFORM=offscreen
# time_machine is imported before pytest starts: its module cannot be assert-rewritten, and need not be
exec .venv/bin/python -m pytest -p no:cacheprovider -W "ignore::pytest.PytestAssertRewriteWarning" "$@"

#!/usr/bin/env bash
# Sets everything up and runs all tests: system packages (MariaDB server and the libraries Qt
# needs, from Debian's packages, when run as root), a virtual environment in .venv, the package
# with its test extras, ruff, then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
need_apt=()
"$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1 || need_apt+=(python3-venv)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need_apt+=(mariadb-server)
libs=$(ldconfig -p 2>/dev/null || true)
for lib in libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libglib-2.0.so.0; do
  [[ "$libs" == *"$lib"* ]] || { need_apt+=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0); break; }
done
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${need_apt[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${need_apt[@]}" </dev/null
  else
    echo "missing system packages: ${need_apt[*]} (install them, e.g. sudo apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip </dev/null
.venv/bin/python -m pip install -q -e '.[test]' </dev/null

echo "== ruff"
ruff_paths=(antrean_desktop tests migrations resources setup.py installer.spec)
.venv/bin/ruff check "${ruff_paths[@]}"
.venv/bin/ruff format --check "${ruff_paths[@]}"

echo "== pytest"
export QT_QPA_PLATFORM=offscreen
set +e
.venv/bin/python -m pytest -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi

# The suite again at three other moments (WIB), without the slow wheel and bundle builds: a day
# three months ahead, New Year's Eve at 23:30 and 00:05 on New Year's Day, so that no test passes
# only on the day it was written (tests/README.md). Only for the whole suite: a run given pytest
# arguments, or ANTREAN_DATE_STAGES=0, skips it.
if [ $# -eq 0 ] && [ "${ANTREAN_DATE_STAGES:-1}" != 0 ]; then
  year=$(TZ=Asia/Jakarta date +%Y)
  moments=("$(TZ=Asia/Jakarta date -d '+3 months' +%F) 09:30" "$year-12-31 23:30" "$((year + 1))-01-01 00:05")
  for moment in "${moments[@]}"; do
    set +e
    ./tests/at_date.sh "$moment" -q -m "not slow"
    stage=$?
    set -e
    if [ "$stage" -ne 0 ]; then
      echo "pytest at $moment WIB: exit $stage" >&2
      [ "$status" -ne 0 ] || status=$stage
    fi
  done
fi
exit "$status"

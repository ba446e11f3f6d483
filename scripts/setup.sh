#!/usr/bin/env bash
# LambdaScope setup: one idempotent script from a fresh clone to a running app or test suite.
#
#   ./scripts/setup.sh            set up only (venv, Python packages, Debian libraries Qt needs,
#                                 offscreen and on a real or virtual X screen)
#   ./scripts/setup.sh --launch [ARGS...]  set up for a real window, then run .venv/bin/lambdascope ARGS
#   ./scripts/setup.sh --test [ARGS...]    set up, then run the test suite: .venv/bin/python -m pytest -q ARGS
#   ./scripts/setup.sh --bench [ARGS...]   set up, then run bench/run_all.py ARGS (if present)
#
# Steps, each skipped when already done:
#   1. find a Python >= 3.11 ($PYTHON, python3, python3.14 ... python3.11)
#   2. install the missing Debian packages: the libraries Qt needs, and python3.X-venv when venv
#      cannot work without it (checked with dpkg -s; apt-get as root or with passwordless sudo,
#      otherwise stop and print the sudo command; skipped on systems without dpkg)
#   3. create .venv in the repo
#   4. pip install -e '.[test,sam]' (skipped while pyproject.toml is unchanged since the last success)
#
# Environment: PYTHON=/path/to/python picks the interpreter; LAMBDASCOPE_SKIP_APT=1 skips step 2.
# Why this script exists and why PySide6 is pinned on 3.11: docs/decisions/0001-setup.md.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO_ROOT/.venv"
STAMP="$VENV/.lambdascope-install-stamp"
TEST_COMMAND=(.venv/bin/python -m pytest -q)

# Libraries PySide6's wheels load but do not ship. Offscreen (tests, headless export) needs these:
APT_OFFSCREEN=(libgl1 libegl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3 fonts-dejavu-core)
# A real X11 window (Qt's xcb platform plugin) additionally needs these, xvfb+xauth give a virtual screen.
# Every mode installs both: --launch opens a window, and the suite (CI runs plain setup, then pytest)
# has tests that run the app under Xvfb and would only be skipped without them.
APT_WINDOW=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
            libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth)

say()  { printf '[setup] %s\n' "$*"; }
die()  { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# Root directly, or through passwordless sudo (callers check can_be_root first).
can_be_root() {
    [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

apt_install() {
    # apt_install PKG... : refresh the package lists, then install, non-interactively.
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null || die "apt-get update failed"
    say "apt-get install -y --no-install-recommends $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
        </dev/null >/dev/null || die "apt-get install failed for: $*"
}

# ---------------------------------------------------------------------------------------------
# 1. Python >= 3.11
python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3 python3.14 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# ---------------------------------------------------------------------------------------------
# 2. Debian packages
deb_installed() {
    # Debian 13 / Ubuntu 24.04 renamed some libraries with a t64 suffix; either name counts.
    local name
    for name in "$1" "$1t64"; do
        if dpkg -s "$name" 2>/dev/null | grep -q '^Status: install ok installed'; then
            return 0
        fi
    done
    return 1
}

install_debian_packages() {
    local wanted=("$@") missing=() pkg
    if [ "${LAMBDASCOPE_SKIP_APT:-0}" = 1 ]; then
        say "LAMBDASCOPE_SKIP_APT=1: not checking Debian packages"
        return 0
    fi
    if ! command -v dpkg >/dev/null 2>&1; then
        say "note: no dpkg (not Debian/Ubuntu); skipping system packages. Qt needs OpenGL/EGL,"
        say "      fontconfig, xkbcommon, glib, dbus and, for a window, the xcb libraries."
        return 0
    fi
    for pkg in "${wanted[@]}"; do
        deb_installed "$pkg" || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        say "Debian packages present"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        die "missing Debian packages and no apt-get: ${missing[*]}"
    fi
    if ! can_be_root; then
        die "these Debian packages are missing: ${missing[*]}
Install them (needs root), then run this script again:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}
(or set LAMBDASCOPE_SKIP_APT=1 if you provide the libraries some other way)"
    fi
    apt_install "${missing[@]}"
}

# ---------------------------------------------------------------------------------------------
# 3. The virtual environment
venv_ok() {
    [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python" \
        && "$VENV/bin/python" -c 'import pip' >/dev/null 2>&1
}

python_version() {
    "$1" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")'
}

venv_debian_package() {
    # Debian ships venv's ensurepip separately, as python3.X-venv. Prints it when it is needed.
    local python="$1"
    if ! "$python" -c 'import ensurepip' >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
        echo "python$(python_version "$python")-venv"
    fi
}

create_venv() {
    local python="$1" log
    if [ -e "$VENV" ]; then
        say "removing broken or outdated .venv"
        rm -rf "$VENV"
    fi
    say "creating .venv with $python (Python $(python_version "$python"))"
    log="$(mktemp)"
    if ! "$python" -m venv "$VENV" >"$log" 2>&1; then
        cat "$log" >&2
        rm -rf "$VENV" "$log"
        die "'$python -m venv' failed (see above). On Debian/Ubuntu: sudo apt-get install -y python$(python_version "$python")-venv"
    fi
    rm -f "$log"
}

# ---------------------------------------------------------------------------------------------
# 4. Python packages
install_stamp() {
    # What the install depends on: the project files, the interpreter and where the repo lives
    # (an editable install records the absolute path).
    {
        sha256sum "$REPO_ROOT/pyproject.toml" "$REPO_ROOT/setup.py" | cut -d' ' -f1
        "$VENV/bin/python" -c 'import sys; print(sys.version)'
        echo "$REPO_ROOT"
    } | sha256sum | cut -d' ' -f1
}

run_pip() {
    # run_pip ARGS... : quiet on success; on failure show the end of pip's output (the errors).
    local log="$VENV/pip-install.log"
    if "$VENV/bin/python" -m pip --disable-pip-version-check "$@" >"$log" 2>&1; then
        return 0
    fi
    tail -n 40 "$log" >&2
    die "pip $* failed (full output: $log)"
}

pip_install() {
    local want
    want="$(install_stamp)"
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
        say "Python packages up to date (pyproject.toml unchanged)"
        return 0
    fi
    say "upgrading pip"
    run_pip install --upgrade pip
    # [sam]: `lambdascope import` of SAM/CloudFormation templates (docs/importing.md)
    say "pip install -e '.[test,sam]' (a minute or two on a fresh machine)"
    (cd "$REPO_ROOT" && run_pip install -e '.[test,sam]')
    echo "$want" >"$STAMP"
}

# ---------------------------------------------------------------------------------------------
main() {
    local mode="setup"
    case "${1:-}" in
        --launch) mode="launch"; shift ;;
        --test)   mode="test";   shift ;;
        --bench)  mode="bench";  shift ;;
        -h|--help) usage; exit 0 ;;
        "") ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
    cd "$REPO_ROOT"

    local python
    python="$(find_python)" || die "no Python >= 3.11 found (tried ${PYTHON:-} python3 python3.14 ... python3.11).
On Debian 12: sudo apt-get install -y python3 python3-venv"

    # Everything missing from Debian is installed (or reported) in one go.
    local debian=("${APT_OFFSCREEN[@]}" "${APT_WINDOW[@]}")
    local venv_package=""
    venv_ok || venv_package="$(venv_debian_package "$python")"
    if [ -n "$venv_package" ]; then debian+=("$venv_package"); fi
    install_debian_packages "${debian[@]}"
    venv_ok || create_venv "$python"
    pip_install

    case "$mode" in
        setup)
            say "done. Launch: ./scripts/setup.sh --launch   Test: ./scripts/setup.sh --test" ;;
        launch)
            # Explain a missing display or missing xcb libraries instead of letting Qt abort.
            "$VENV/bin/python" -m app.commands.launch_check || exit 1
            say "starting LambdaScope: its window opens in a few seconds"
            exec "$VENV/bin/lambdascope" "$@" ;;
        test)
            say "running: ${TEST_COMMAND[*]} $*"
            exec "${TEST_COMMAND[@]}" "$@" ;;
        bench)
            # SimFaaS, the peer simulator bench/bench_simfaas.py compares with (the bench extra)
            "$VENV/bin/python" -c "import simfaas" 2>/dev/null \
                || (cd "$REPO_ROOT" && run_pip install -e '.[test,sam,bench]') \
                || say "could not install the bench extra (simfaas): bench_simfaas.py will say so"
            if [ -f bench/run_all.py ]; then
                exec "$VENV/bin/python" bench/run_all.py "$@"
            fi
            say "no bench/run_all.py yet: nothing to run (see bench/README.md)" ;;
    esac
}

main "$@"

#!/usr/bin/env bash
# Checks the README's promise: from a clone of the current commit, `npm ci` then `npm test` succeed with no
# manual step. Clones HEAD (committed work only) into a temp dir, runs exactly those two commands there, and
# prints each one's time. With --twice it runs `npm test` again in the same clone, which must reuse what the
# first run installed. Run it as root on a machine like CI's (Debian, node 20); it takes 10 minutes or more.
# Usage: scripts/fresh-clone-check.sh [--twice] [--keep]   (--keep leaves the clone in place)
set -euo pipefail

twice=false
keep=false
for arg in "$@"; do
  case "$arg" in
    --twice) twice=true ;;
    --keep) keep=true ;;
    *) echo "usage: $0 [--twice] [--keep]" >&2; exit 2 ;;
  esac
done

repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse HEAD)
clone=$(mktemp -d "${TMPDIR:-/tmp}/qpp-fresh-clone.XXXXXX")
$keep || trap 'rm -rf "$clone"' EXIT

summary=()
# Runs one step in the clone, prints its time, and stops the check at the first failure.
step() {
  local label=$1
  shift
  echo
  echo "=== $label"
  local started=$SECONDS status=0
  "$@" || status=$?
  local line
  line=$(printf '%-12s %5d s  exit %d' "$label" $((SECONDS - started)) "$status")
  summary+=("$line")
  echo "=== $line"
  if [ "$status" -ne 0 ]; then
    report
    exit "$status"
  fi
}
report() {
  echo
  echo "fresh-clone check of ${commit:0:12} in $clone ($(node --version), npm $(npm --version)):"
  printf '  %s\n' "${summary[@]}"
}

step "git clone" git clone --quiet "$repo" "$clone"
git -C "$clone" checkout --quiet --detach "$commit"
cd "$clone"
step "npm ci" npm ci
step "npm test" npm test
if $twice; then step "npm test #2" npm test; fi
report

#!/usr/bin/env bash
# npm run test:fuzz                    the short run (20 s of fuzzing, as in npm test)
# npm run test:fuzz -- --long          10 minutes
# npm run test:fuzz -- --seconds 120   any length; --seed N repeats a run (the seed is printed)
set -euo pipefail
cd "$(dirname "$0")/../.."
while [ $# -gt 0 ]; do
  case "$1" in
    --long) export FUZZ_SECONDS="${FUZZ_SECONDS:-600}" ;;
    --seconds) shift; export FUZZ_SECONDS="$1" ;;
    --seconds=*) export FUZZ_SECONDS="${1#*=}" ;;
    --seed) shift; export FUZZ_SEED="$1" ;;
    --seed=*) export FUZZ_SEED="${1#*=}" ;;
    *) echo "test:fuzz: unknown option $1 (use --long, --seconds N, --seed N)" >&2; exit 2 ;;
  esac
  shift
done
bash temporal/ensure-cli.sh >/dev/null
npm run build --silent
NODE_OPTIONS=--experimental-vm-modules exec npx jest test/fuzz --selectProjects integration

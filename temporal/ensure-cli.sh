#!/usr/bin/env bash
# Prints the path of a Temporal CLI (dev server + Web UI in one binary), building it if needed.
#
# Order: $TEMPORAL_CLI, then a `temporal` on PATH, then a cached build, then
# `go install` of a pinned version from the Go module proxy (no other download is possible
# on the machines this project targets). Progress goes to stderr; only the path goes to stdout,
# so callers can do: TEMPORAL=$(bash temporal/ensure-cli.sh).
set -euo pipefail

# v1.5.1 is the newest CLI whose go.mod has no replace directives, so `go install pkg@version` works.
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${COXSWAIN_CACHE_DIR:-$here/.cache}"
bin="$cache/temporal-$TEMPORAL_CLI_VERSION/bin/temporal"

say() { echo "temporal: $*" >&2; }

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  if [[ -x "$TEMPORAL_CLI" ]]; then echo "$TEMPORAL_CLI"; exit 0; fi
  say "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file; unset it or point it at the temporal binary"
  exit 1
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  say "no Temporal CLI found and Go is not installed. Either:"
  say "  1. install the Temporal CLI (https://docs.temporal.io/cli) so that \`temporal\` is on PATH"
  say "     (or set TEMPORAL_CLI=/path/to/temporal), or"
  say "  2. install Go >= 1.23 (https://go.dev/dl/) and run this again: it builds the CLI from source."
  exit 1
fi

say "building the Temporal CLI $TEMPORAL_CLI_VERSION with $(go version | cut -d' ' -f3) into $(dirname "$bin")"
say "the first build downloads modules and compiles for several minutes; later starts reuse it"
mkdir -p "$(dirname "$bin")"
build() {
  # GOTOOLCHAIN=local: a toolchain download cannot succeed here; the pinned module builds with Go >= 1.23.
  GOTOOLCHAIN=local GOBIN="$(dirname "$bin")" \
    go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >&2
}
if ! build; then
  # The checksum database may be unreachable where only the module proxy is; the pinned
  # module's own go.sum still fixes every dependency's hash.
  say "build failed; retrying with GOSUMDB=off (the module's go.sum still pins every dependency)"
  GOSUMDB=off build
fi
[[ -x "$bin" ]] || { say "go install finished but $bin is missing"; exit 1; }
say "built $("$bin" --version 2>/dev/null | head -1)"
echo "$bin"

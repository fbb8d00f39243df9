#!/usr/bin/env bash
# Prints the path of an etcd binary for the test kube-apiserver (k8s/ensure-apiserver.sh).
#
# Order: $ETCD, then `etcd` on PATH (Debian's etcd-server package puts it in /usr/bin). Nothing
# is built: etcd comes from the distribution. Only the path goes to stdout: ETCD=$(bash k8s/ensure-etcd.sh).
set -euo pipefail

say() { echo "etcd: $*" >&2; }

if [[ -n "${ETCD:-}" ]]; then
  if [[ -x "$ETCD" ]]; then echo "$ETCD"; exit 0; fi
  say "ETCD=$ETCD is not an executable file; unset it or point it at the etcd binary"
  exit 1
fi
if command -v etcd >/dev/null 2>&1; then command -v etcd; exit 0; fi
say "etcd is not installed. On Debian/Ubuntu: apt-get install -y etcd-server"
say "(or put an etcd >= 3.4 on PATH, or set ETCD=/path/to/etcd)"
exit 1

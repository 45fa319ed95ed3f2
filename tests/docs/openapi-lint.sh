#!/bin/sh
# openapi-lint — lints the exchange API contract (docs/api/openapi.yaml) with
# redocly under docs/api/redocly.yaml, and checks that every endpoint of the
# wire contract summary (docs/architecture.md) is described in it.
# TAP output. Skips when redocly is not installed (tools/install-deps
# installs @redocly/cli@2.77.0, the newest that runs on Node 20).
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
spec=$top/docs/api/openapi.yaml
config=$top/docs/api/redocly.yaml
arch=$top/docs/architecture.md

if ! command -v redocly >/dev/null 2>&1; then
	echo "1..0 # SKIP redocly not installed: run tools/install-deps"
	exit 0
fi
# No telemetry or update checks: tests must not depend on the network.
REDOCLY_TELEMETRY=off
REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export REDOCLY_TELEMETRY REDOCLY_SUPPRESS_UPDATE_NOTICE

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
diag() { sed -e '/[║╔╚]/d' -e '/^[[:space:]]*$/d' -e 's/^/# /' | head -n 60; }

out=$(redocly lint --config "$config" --format=stylish "$spec" 2>&1)
if [ $? -eq 0 ]; then
	ok "openapi.yaml passes redocly lint"
else
	not_ok "openapi.yaml passes redocly lint"
	printf '%s\n' "$out" | diag
fi

# The bundled JSON is what the conformance test reads; it must come out whole.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
out=$(redocly bundle --config "$config" --ext json -o "$tmp/openapi.json" "$spec" 2>&1)
if [ $? -eq 0 ] && [ -s "$tmp/openapi.json" ]; then
	ok "openapi.yaml bundles to JSON"
else
	not_ok "openapi.yaml bundles to JSON"
	printf '%s\n' "$out" | diag
fi

# Every endpoint of the wire contract summary (the "- `GET /v1/...`" items
# of its "The wire contract (v1)" section) is a path of the spec, query
# strings dropped. Catches an endpoint added to one but not the other.
# Contracts of later issues have sections of their own and join the spec
# when they are built.
paths=$(sed -n '/^## The wire contract (v1)/,/^## /p' "$arch" |
	sed -n 's/^- `\(GET\|POST\) \(\/v1\/[^ `?]*\).*/\2/p' | sort -u)
if [ -z "$paths" ]; then
	not_ok "docs/architecture.md names endpoints"
else
	for p in $paths; do
		if grep -q "^  $p:\$" "$spec"; then
			ok "architecture endpoint $p is described in openapi.yaml"
		else
			not_ok "architecture endpoint $p is described in openapi.yaml"
		fi
	done
fi

# Every route the service serves (the "/v1/..." patterns of its route
# tables, '*' for one path segment) is a path of the spec.
routes=$(cat "$top"/exchange-service/*.c 2>/dev/null | grep -o '{ *"/v1/[^"]*"' |
	sed -e 's/^{ *"//' -e 's/"$//' | sort -u)
if [ -n "$routes" ]; then
	set -f # the routes hold '*': no globbing
	spec_paths=$(sed -n 's/^  \(\/v1\/[^:]*\):$/\1/p' "$spec" | sed 's/{[^}]*}/*/g')
	for r in $routes; do
		if printf '%s\n' "$spec_paths" | grep -qxF "$r"; then
			ok "service route $r is described in openapi.yaml"
		else
			not_ok "service route $r is described in openapi.yaml"
		fi
	done
fi

echo "1..$n"
[ $failed -eq 0 ]

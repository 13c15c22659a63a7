#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to the project's
# PublicAPI.Unshipped.txt, and drops lines for symbols that no longer exist (RS0017). Run it after
# adding public API on purpose; review the diff. Usage: scripts/update-public-api.sh [src/Project ...]
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then projects=(src/*/); fi
for dir in "${projects[@]}"; do
  dir=${dir%/}
  csproj=$(ls "$dir"/*.csproj)
  log=$(mktemp)
  dotnet build "$csproj" -c Release -p:TreatWarningsAsErrors=false --no-incremental 2>&1 > "$log" || true
  python3 - "$dir" "$log" <<'PY'
import re, sys, pathlib
d, log = pathlib.Path(sys.argv[1]), open(sys.argv[2], encoding='utf-8').read()
mine = str(d.resolve()) + '/'
add, drop = set(), set()
for line in log.splitlines():
    if mine not in line.split('(')[0] + '/':
        pass
    m = re.search(r"RS0016: Symbol '(.+?)' is not part of the declared public API", line)
    if m and line.startswith(mine):
        add.add(m.group(1))
    m = re.search(r"RS0017: Symbol '(.+?)' is part of the declared API, but is either not public or could not be found", line)
    if m and line.startswith(mine):
        drop.add(m.group(1))
f = d / 'PublicAPI.Unshipped.txt'
lines = [l for l in f.read_text(encoding='utf-8').splitlines() if l and l != '#nullable enable']
lines = sorted((set(lines) - drop) | add, key=lambda s: (s.lstrip('~').replace('abstract ','').replace('override ','').replace('static ','').replace('virtual ','').replace('const ','').replace('readonly ',''), s))
f.write_text('#nullable enable\n' + ''.join(l + '\n' for l in lines), encoding='utf-8')
print(f"{d}: +{len(add)} -{len(drop)} -> {len(lines)} symbols")
PY
  rm -f "$log"
done

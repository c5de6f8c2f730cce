#!/usr/bin/env bash
# Sets up LaiteLaina, fills an embedded SQLite database with a demo office, and starts the service on
# http://127.0.0.1:5080. Safe to run twice: the demo data goes in only once.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIGURATION=Release bash scripts/setup.sh
app=(dotnet src/LaiteLaina/bin/Release/net10.0/laitelaina.dll)
export LAITELAINA_DATA="${LAITELAINA_DATA:-$PWD/data}"
"${app[@]}" init
"${app[@]}" demo
exec "${app[@]}" serve "$@"

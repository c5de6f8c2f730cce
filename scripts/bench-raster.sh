#!/usr/bin/env bash
# Raster label rendering per label on one core (#19, goal under 5 ms): the product's layout, LabelRaster.Render and
# the ESC/POS GS v 0 bytes, over many different labels, side by side with zpl-renderer-js (tests/tools/zpl-render, the
# renderer the label tests use) drawing the very same labels from their ZPL to PNG in one node process: the other
# way this project has of turning a label into dots. Both pinned to the same core, p50/p95 per label.
# Usage: scripts/bench-raster.sh [labels=400]; writes the raster section of bench/results/labels.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench-lib.sh
source scripts/bench-lib.sh
labels=${1:-400}
core=${BENCH_CORE:-1}
[ -d tests/tools/zpl-render/node_modules/zpl-renderer-js ] || npm ci --prefix tests/tools/zpl-render >/dev/null
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ours=$(hardware_bench "$core" raster "$dir" "$labels")
cut -d' ' -f1-4 <<<"$ours" >"$dir/sizes.txt"
theirs=$(cd tests/tools/zpl-render && taskset -c "$core" node - "$dir" <<'JS'
const fs = require('fs');
const { ready } = require('zpl-renderer-js');
(async () => {
  const { api } = await ready;
  const dir = process.argv[2];
  for (const line of fs.readFileSync(`${dir}/sizes.txt`, 'utf8').trim().split('\n')) {
    const [name, w, h, dpmm] = line.split(' ');
    const labels = fs.readFileSync(`${dir}/${name}.zpl`, 'utf8').split('^XZ').filter(l => l.includes('^XA')).map(l => l + '^XZ');
    await api.zplToBase64Async(labels[0], Number(w), Number(h), Number(dpmm)); // warm-up
    const times = [];
    for (const zpl of labels) {
      const start = process.hrtime.bigint();
      await api.zplToBase64Async(zpl, Number(w), Number(h), Number(dpmm));
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(name, times[Math.floor(times.length / 2)].toFixed(2), times[Math.floor(times.length * 0.95)].toFixed(2));
  }
})().catch(e => { console.error(e); process.exit(1); });
JS
)
out=bench/results/labels.md
mkdir -p bench/results
touch "$out"
section=$(
  echo "## Raster labels (scripts/bench-raster.sh)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); $labels different labels a size (tags, owners, kinds and models vary) after one warm-up,"
  echo "  on core $core (taskset) of $(machine) — the machine is shared, so read the figures as a ratio within this run."
  echo "- LaiteLaina: LabelLayout.For + LabelRaster.Render (SkiaSharp, ZXing.Net symbols) + the printer's raster commands (ESC/POS GS v 0"
  echo "  bands; Brother QL raster with PackBits for DK-11209), from the label's fields to the bytes for the printer. zpl-renderer-js $(node -p "require('./tests/tools/zpl-render/node_modules/zpl-renderer-js/package.json').version"):"
  echo "  the same labels' ZPL drawn to a PNG in one node process (the renderer the label tests use; it includes PNG encoding,"
  echo "  which a printer path does not need, so it is the ceiling a ZPL-to-bitmap route would start from)."
  echo
  echo "| label | LaiteLaina p50 | p95 | printer bytes a label | zpl-renderer-js p50 | p95 | goal |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
  while read -r name _ _ _ p50 p95 bytes; do
    read -r _ zp50 zp95 < <(grep "^$name " <<<"$theirs")
    printf '| %s | %s ms | %s ms | %s | %s ms | %s ms | < 5 ms |\n' "$name" "$p50" "$p95" "$bytes" "$zp50" "$zp95"
  done <<<"$ours"
)
python3 scripts/bench-section.py "$out" "## Raster labels" <<<"$section"
cat "$out"

#!/usr/bin/env bash
# Decode time of a phone camera's pictures on one core: a 12-megapixel photo of a label and a 1280×720 live-camera
# frame, read by the product (JPEG decoded and shrunk with SkiaSharp, then ZXing.Net) and by zxing-cpp (Debian's
# python3-zxing-cpp, the library behind ZXingReader) on the very same files, both pinned to the same core, both timed
# from the JPEG bytes to the text. Goals (#19): frame under 50 ms p50, photo under 300 ms.
# Usage: scripts/bench-decode.sh [runs=25]; writes the camera section of bench/results/labels.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench-lib.sh
source scripts/bench-lib.sh
runs=${1:-25}
core=${BENCH_CORE:-1}
# Installs only what is missing (Debian packages; the system python, not a virtual environment's).
if ! /usr/bin/python3 -c 'import zxingcpp, PIL' 2>/dev/null; then
  apt-get install -y python3-zxing-cpp python3-pil >/dev/null
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ours=$(hardware_bench "$core" decode "$dir" "$runs" 2>/dev/null)
theirs=$(taskset -c "$core" /usr/bin/python3 - "$dir" "$runs" <<'PY'
import io, sys, time, zxingcpp
from PIL import Image
folder, runs = sys.argv[1], int(sys.argv[2])
for name in ["photo-12mp", "frame-1280x720"]:
    data = open(f"{folder}/{name}.jpg", "rb").read()
    def read():
        return zxingcpp.read_barcodes(Image.open(io.BytesIO(data)).convert("L"))
    found = [r.text for r in read()]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(name, times[len(times) // 2], times[int(len(times) * 0.9)], "/".join(found) or "nothing")
PY
)
out=bench/results/labels.md
mkdir -p bench/results
touch "$out"
# Only this script's section is replaced; the rest of the file (raster labels) is left as it is.
section=$(
  echo "## Camera decode (scripts/bench-decode.sh)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); $runs runs a picture after one warm-up, on core $core (taskset) of"
  echo "  $(machine) — the machine is shared with other builds and tests, so the figures are a ratio within this run."
  echo "- pictures (made by the camera tests' CameraPhotos): a label (QR + Code 128 of LL-000123) on a desk, 12 MP JPEG"
  echo "  4000×3000 turned 12°, blurred, in dim light with sensor noise; and a 1280×720 JPEG frame, turned 2°."
  echo "- LaiteLaina: CodeReader.Read (JPEG decoded at 1/2 or 1/4 scale by SkiaSharp, shrunk to 1600 px, ZXing.Net 0.16.11 with"
  echo "  try-harder and rotation; a second pass at 3200 px only when the first finds nothing). zxing-cpp: Debian python3-zxing-cpp"
  echo "  $(dpkg-query -W -f='${Version}' python3-zxing-cpp 2>/dev/null), PIL decoding the JPEG at full size, read_barcodes with its defaults."
  echo
  echo "| picture | JPEG size | LaiteLaina p50 | p90 | zxing-cpp p50 | p90 | zxing-cpp read | goal |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
  while read -r name bytes p50 p90; do
    read -r _ zp50 zp90 ztext < <(grep "^$name " <<<"$theirs")
    goal=$([ "$name" = photo-12mp ] && echo "< 300 ms" || echo "< 50 ms")
    printf '| %s | %s KB | %s ms | %s ms | %.1f ms | %.1f ms | %s | %s |\n' "$name" "$((bytes / 1024))" "$p50" "$p90" "$zp50" "$zp90" "$ztext" "$goal"
  done <<<"$ours"
)
python3 scripts/bench-section.py "$out" "## Camera decode" <<<"$section"
cat "$out"

#!/usr/bin/env bash
# Rebuilds src/LaiteLaina/Documents/Fonts/*.ttf from Debian's fonts-liberation2: subset to the scripts our
# documents need and renamed "LaiteLaina Sans". Why: SkiaSharp's PDF backend is built without a font
# subsetter, so it embeds the whole font file in every PDF; four 400 KB fonts made each agreement ~440 KB and
# took most of the render time in compression. Why renamed: "Liberation" is a Reserved Font Name under the
# SIL OFL 1.1, which a modified (subset) font may not carry; the result stays under the OFL (LICENSE-OFL.txt).
# Needs: apt-get install fonts-liberation2 python3-fonttools
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/LaiteLaina/Documents/Fonts
src=/usr/share/fonts/truetype/liberation2
# Basic Latin, Latin-1, Latin Extended-A/B and Additional (names from many languages written in Latin
# letters), combining marks, Greek, Cyrillic (Ukrainian and Russian names), general punctuation, currency
# symbols (€), letterlike symbols and a few arrows and math signs used in text.
unicodes="U+0020-007E,U+00A0-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-2199,U+2212,U+2215,U+2264,U+2265,U+25CF,U+FFFD"
for style in Regular Bold Italic BoldItalic; do
  /usr/bin/python3 -m fontTools.subset "$src/LiberationSans-$style.ttf" --unicodes="$unicodes" \
    --no-hinting --desubroutinize --layout-features='kern,liga' --name-IDs='*' --name-languages='*' \
    --output-file="$out/LaiteLainaSans-$style.ttf"
  /usr/bin/python3 - "$out/LaiteLainaSans-$style.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont
path = sys.argv[1]
font = TTFont(path)
for record in font["name"].names:
    text = record.toUnicode()
    text = text.replace("Liberation Sans", "LaiteLaina Sans").replace("LiberationSans", "LaiteLainaSans")
    record.string = text
font.save(path)
PY
done
ls -l "$out"

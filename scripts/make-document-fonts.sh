#!/usr/bin/env bash
# Rebuilds src/LaiteLaina/Documents/Fonts/*.ttf from Debian's fonts-liberation2: subset to the scripts our
# documents need and renamed "LaiteLaina Sans". Why: SkiaSharp's PDF backend is built without a font
# subsetter and embeds a TrueType font whole; each document now cuts its fonts to the glyphs it shows when it is
# rendered (Documents/FontSubsets.cs, HarfBuzz's subsetter), and a smaller file here makes that cut faster. Why renamed: "Liberation" is a Reserved Font Name under the
# SIL OFL 1.1, which a modified (subset) font may not carry; the result stays under the OFL (LICENSE-OFL.txt).
# Then the fallbacks for names written in other scripts, from Debian's Noto fonts (SIL OFL 1.1, no Reserved Font Name,
# so a subset may keep its name): Arabic (also Persian and Urdu), Hebrew, Ethiopic (Tigrinya, Amharic), Thai, and the
# Chinese characters of GB 2312 level 1 and Big5 level 1 (those names are written with) plus kana and CJK punctuation.
# TrueType fallbacks are cut to the glyphs a document uses like the Latin fonts; the CJK one is CFF, which Skia writes as
# a Type 3 font of only the glyphs used, so a Chinese name adds kilobytes, not the font's megabytes.
# Needs: apt-get install fonts-liberation2 fonts-noto-core fonts-noto-cjk python3-fonttools
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
for script in Arabic Hebrew Ethiopic Thai; do
  /usr/bin/python3 -m fontTools.subset "/usr/share/fonts/truetype/noto/NotoSans$script-Regular.ttf" --unicodes='*' \
    --no-hinting --layout-features='*' --name-IDs='*' --output-file="$out/NotoSans$script-Regular.ttf"
done
chars=$(mktemp)
/usr/bin/python3 - "$chars" <<'PY'
import sys
chars = set()
def add(encoding, leads, trails):
    for a in leads:
        for b in trails:
            try:
                c = bytes([a, b]).decode(encoding)
            except UnicodeDecodeError:
                continue
            if len(c) == 1 and 0x4E00 <= ord(c) <= 0x9FFF:
                chars.add(c)
add("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))                          # level 1: 3,755 characters
add("big5", range(0xA4, 0xC7), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)))  # level 1: 5,401 characters
open(sys.argv[1], "w", encoding="utf-8").write("".join(sorted(chars)))
PY
/usr/bin/python3 -m fontTools.subset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-number=2 \
  --text-file="$chars" --unicodes="U+3000-303F,U+3040-30FF,U+FF01-FF5E" --no-hinting --layout-features='*' \
  --name-IDs='*' --output-file="$out/NotoSansCJKsc-Regular.otf"
rm -f "$chars"
ls -l "$out"

#!/usr/bin/env bash
# Builds the Debian package: a self-contained, single-file `laitelaina` (no .NET needed on the station) with its
# systemd unit, udev rules and maintainer scripts.
#
#   scripts/package.sh                 linux-x64  → dist/laitelaina_VERSION_amd64.deb
#   scripts/package.sh --arch arm64    linux-arm64 (a Raspberry Pi-class provisioning station)
#   scripts/package.sh --out DIR       where the .deb goes (default dist/)
#
# VERSION: the VERSION file plus the commit ("0.1.0~git20261207T025300.af2c246"), so each commit's package upgrades
# the one before it; LAITELAINA_VERSION overrides it (a release, or a test that needs two versions).
set -euo pipefail
cd "$(dirname "$0")/.."

arch=amd64
out=dist
while [[ $# -gt 0 ]]; do
  case "$1" in
    --arch) arch="${2:?--arch needs amd64 or arm64}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$arch" in
  amd64) rid=linux-x64 ;;
  arm64) rid=linux-arm64 ;;
  *) echo "package.sh: --arch must be amd64 or arm64, not '$arch'" >&2; exit 2 ;;
esac
for tool in dotnet dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "package.sh: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done

if [[ -n "${LAITELAINA_VERSION:-}" ]]; then
  version="$LAITELAINA_VERSION"
else
  base=$(tr -d '[:space:]' < VERSION)
  if stamp=$(git log -1 --format=%cd --date=format:%Y%m%dT%H%M%S 2>/dev/null) && hash=$(git rev-parse --short HEAD 2>/dev/null); then
    version="$base~git$stamp.$hash"
  else
    version="$base"
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
publish="$work/publish"
root="$work/root"

# The runtime packs for the target come from NuGet; restore first so that a missing one is said plainly.
if ! dotnet restore src/LaiteLaina -r "$rid" -p:SelfContained=true -p:PublishSingleFile=true -nologo -v quiet >"$work/restore.log" 2>&1; then
  echo "package.sh: the .NET runtime packs for $rid could not be restored here, so no $arch package can be built:" >&2
  grep -E 'error' "$work/restore.log" | head -5 >&2
  exit 1
fi

# Single file; the native libraries (SkiaSharp, HarfBuzz, SQLite, serial ports) stay beside it in /usr/lib/laitelaina
# instead of being extracted at first start: under ProtectSystem=strict there is no writable place to extract to,
# and nothing is unpacked at each cold start (bench/results/package.md has both measured).
dotnet publish src/LaiteLaina -c Release -r "$rid" --self-contained -nologo -v quiet \
  -p:PublishSingleFile=true -p:DebugType=none -p:GenerateDocumentationFile=false -o "$publish"

install -d "$root/usr/lib/laitelaina" "$root/usr/bin" "$root/lib/systemd/system" "$root/lib/udev/rules.d" \
  "$root/usr/share/doc/laitelaina" "$root/DEBIAN"
cp -a "$publish"/. "$root/usr/lib/laitelaina/"
chmod 0755 "$root/usr/lib/laitelaina/laitelaina"
find "$root/usr/lib/laitelaina/scripts" -name '*.sh' -exec chmod 0755 {} +
ln -s ../lib/laitelaina/laitelaina "$root/usr/bin/laitelaina"
install -m 0644 scripts/systemd/laitelaina.service "$root/lib/systemd/system/laitelaina.service"
install -m 0644 scripts/udev/60-laitelaina.rules "$root/lib/udev/rules.d/60-laitelaina.rules"
install -m 0644 README.md "$root/usr/share/doc/laitelaina/README.md"
install -m 0644 LICENSE "$root/usr/share/doc/laitelaina/copyright"
for script in postinst prerm postrm config; do
  install -m 0755 "packaging/debian/$script" "$root/DEBIAN/$script"
done
install -m 0644 packaging/debian/templates "$root/DEBIAN/templates"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" packaging/debian/control.in > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/laitelaina_${version}_${arch}.deb"
# xz (dpkg-deb's default) is the smallest download; LAITELAINA_DEB_COMPRESSION=gzip builds in a fraction of the time
# where size does not matter (the tests).
dpkg-deb --root-owner-group -Z"${LAITELAINA_DEB_COMPRESSION:-xz}" --build "$root" "$deb" >/dev/null
echo "$deb"

#!/usr/bin/env bash
# Installs what LaiteLaina needs on a Debian machine, only what is missing, and builds it. Safe to run twice.
#   scripts/setup.sh            what the service needs
#   scripts/setup.sh --tests    also what the tests need (PostgreSQL server, adb, socat, PDF and barcode tools)
set -euo pipefail
cd "$(dirname "$0")/.."

want=()
need() { dpkg -s "$1" >/dev/null 2>&1 || want+=("$1"); }
# For tools that other packagings also provide (Node.js from its own repository bundles npm): the command counts.
need_command() { command -v "$1" >/dev/null 2>&1 || need "$2"; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK (dotnet) is not installed; install it first (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
  exit 1
fi

# Provisioning drives tablets with Debian's adb through the bash scripts in scripts/adb, which read profiles with jq.
need adb
need jq

if [[ "${1:-}" == "--tests" ]]; then
  need postgresql
  need adb
  need socat
  need poppler-utils
  # PDF/A structure: qpdf checks the cross-reference table and shows the catalog, an oracle independent of PdfPig.
  need qpdf
  need zxing-cpp-tools
  need zbar-tools
  # Brother QL raster is checked against the CUPS filter rastertoptch, an independent encoder of the same commands.
  need printer-driver-ptouch
  # Reminder e-mails are sent to a real SMTP server (aiosmtpd) started by the tests, and read back with MimeKit.
  need python3-aiosmtpd
  need_command node nodejs
  need_command npm npm
  # Disk wiping tests: the real nwipe on a loop device (losetup), and an ext4 file system to refuse.
  need_command nwipe nwipe
  need_command mkfs.ext4 e2fsprogs
  # The web UI end-to-end tests drive Debian's Chromium through Playwright.
  need_command chromium chromium
  # The Debian package tests (scripts/package.sh): dpkg-deb builds it, dpkg installs it into an overlay root (mount,
  # unshare, chroot, runuser from util-linux and coreutils) where its postinst uses adduser and debconf;
  # systemd-analyze lints the unit and udevadm parses the udev rules.
  need_command dpkg-deb dpkg
  need_command adduser adduser
  need_command debconf-set-selections debconf
  need_command unshare util-linux
  need_command systemd-analyze systemd
  need_command udevadm udev
fi

if ((${#want[@]})); then
  echo "setup: installing Debian packages: ${want[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
fi

if [[ "${1:-}" == "--tests" && ! -d tests/tools/zpl-render/node_modules ]]; then
  # zpl-renderer-js renders the ZPL labels to PNG offline, so the tests can decode the barcodes a printer would print.
  npm ci --prefix tests/tools/zpl-render --no-audit --no-fund --loglevel=error
fi
if [[ "${1:-}" == "--tests" && ! -d tests/tools/oidc/node_modules ]]; then
  # oidc-provider (OpenID Certified) is the real identity provider the organisation sign-in tests run against.
  npm ci --prefix tests/tools/oidc --no-audit --no-fund --loglevel=error
fi
if [[ "${1:-}" == "--tests" && ! -d tests/tools/axe/node_modules ]]; then
  # axe-core is injected into every page by the browser tests to keep the accessibility rules at zero violations.
  npm ci --prefix tests/tools/axe --no-audit --no-fund --loglevel=error
fi

dotnet build LaiteLaina.sln -c "${CONFIGURATION:-Release}" -nologo -v quiet -clp:ErrorsOnly

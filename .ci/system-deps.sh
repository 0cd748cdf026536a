#!/usr/bin/env bash
# Make sure the system tools the reports need are present:
#   chromium        prints the PDF reports (and runs the browser tests)
#   fonts-noto-cjk  Chinese text in charts and PDFs
#   poppler-utils   pdftotext / pdftoppm, used by the PDF tests
#   axe-core        (npm) the accessibility checker the browser tests run on every report,
#                   installed into .venv/axe (KAILI_AXE_DIR), with Debian's nodejs and npm
# As root on Debian/Ubuntu they are installed with apt-get; anywhere else the script stops
# with one message that names what to install. Silent and quick when all is there.
set -euo pipefail

# the system packages: a subshell, so that its exits end this part only
(
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
  || [ -n "${KAILI_CHROMIUM:-}" ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qiE 'Noto (Sans|Serif) CJK (SC|JP|TC|KR)' || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # wait (up to 10 minutes) for another apt or dpkg run to let go of its lock
  apt=(apt-get -o DPkg::Lock::Timeout=600)
  "${apt[@]}" update -qq
  "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
  # a font installed after matplotlib built its cache would stay invisible to it
  rm -f "${HOME:-/root}"/.cache/matplotlib/fontlist-*.json 2>/dev/null || true
  exit 0
fi

echo "kaili-analysis needs these system packages, which are missing: ${missing[*]}" >&2
echo "Install them with your package manager (Debian/Ubuntu: sudo apt-get install ${missing[*]})," >&2
echo "or set KAILI_CHROMIUM to a Chromium/Chrome executable for PDF printing, then run make again." >&2
exit 1
)

# --- axe-core ---
# npm's axe-core, pinned, in .venv/axe (or KAILI_AXE_DIR), where tests/test_accessibility.py
# finds axe.min.js. Without node and npm, Debian's nodejs and npm come first (as root); anywhere
# else one line says what to install, and the accessibility tests skip (CI fails them).
AXE_VERSION=4.10.3
axe_dir="${KAILI_AXE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.venv/axe}"
axe_js="$axe_dir/node_modules/axe-core/axe.min.js"
axe_installed() {
  [ -f "$axe_js" ] && grep -q "\"version\": *\"$AXE_VERSION\"" \
    "$axe_dir/node_modules/axe-core/package.json" 2>/dev/null
}
if ! axe_installed; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing system packages: nodejs npm"
      export DEBIAN_FRONTEND=noninteractive
      apt-get -o DPkg::Lock::Timeout=600 update -qq
      apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends nodejs npm >/dev/null
    else
      echo "the accessibility tests need npm (Debian/Ubuntu: sudo apt-get install nodejs npm);" \
        "they are skipped without it" >&2
      exit 0
    fi
  fi
  echo "installing axe-core $AXE_VERSION into $axe_dir"
  mkdir -p "$axe_dir"
  npm install --prefix "$axe_dir" --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "axe-core@$AXE_VERSION" >/dev/null
  axe_installed || { echo "axe-core was not installed into $axe_dir" >&2; exit 1; }
fi

#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Reading List needs: the libraries Qt's
# platform plugins load, python3-venv, and with --test the tools the test suite
# drives (a virtual X screen, and TeX with biber to check BibTeX exports, the
# desktop-entry and AppStream validators), and with --build what
# packaging/build.sh needs besides (binutils, for PyInstaller).
set -euo pipefail

runtime=(
  python3 python3-venv python3-pip
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
  fonts-dejavu-core
)
testing=(
  xvfb xauth
  texlive-binaries texlive-base texlive-latex-base biber
  desktop-file-utils appstream
)
building=(
  binutils
)

packages=("${runtime[@]}")
if [ "${1:-}" = "--test" ]; then
  packages+=("${testing[@]}")
fi
if [ "${1:-}" = "--build" ]; then
  packages+=("${building[@]}")
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

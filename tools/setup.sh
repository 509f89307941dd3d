#!/usr/bin/env bash
# Installs the Debian 12 packages WeBox Voice builds and runs with, and nothing that is already
# there. Uses sudo when not root. Safe to run again.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build ccache pkg-config git ca-certificates
  libcaf-dev libnats-dev nats-server libcurl4-openssl-dev librocksdb-dev libsimdjson-dev
  libboost-dev catch2 libespeak-ng-dev libpocketsphinx-dev pocketsphinx-en-us libssl-dev
  espeak-ng curl python3
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

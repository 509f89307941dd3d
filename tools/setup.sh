#!/usr/bin/env bash
# Installs the Debian 12 packages WeBox Voice builds and runs with, and nothing that is already
# there. Uses sudo when not root. Safe to run again.
#   tools/setup.sh          what `tools/dev run|test|sanitize` need
#   tools/setup.sh --fuzz   also clang and its libFuzzer/sanitizer runtimes (`tools/dev fuzz`)
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build ccache pkg-config git ca-certificates
  libcaf-dev libnats-dev nats-server libcurl4-openssl-dev librocksdb-dev libsimdjson-dev
  libboost-dev catch2 libespeak-ng-dev libpocketsphinx-dev pocketsphinx-en-us libssl-dev
  espeak-ng curl python3 libhowardhinnant-date-dev tzdata
)
fuzz=0
if [ "${1:-}" = "--fuzz" ]; then
  fuzz=1
  # libclang-rt-14-dev holds libFuzzer and the sanitizer runtimes; clang only recommends it, and
  # recommends are not installed below.
  PACKAGES+=(clang libclang-rt-14-dev)
fi

# libFuzzer must link, or every fuzz target fails to build with a less helpful message.
check_fuzzer() {
  [ "$fuzz" -eq 1 ] || return 0
  local dir
  dir="$(mktemp -d)"
  printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' \
    >"$dir/t.cc"
  if ! clang++ -fsanitize=fuzzer,address,undefined "$dir/t.cc" -o "$dir/t" 2>"$dir/err"; then
    cat "$dir/err" >&2
    echo "setup: clang++ -fsanitize=fuzzer does not link (is libclang-rt-14-dev installed?)" >&2
    rm -rf "$dir"
    exit 1
  fi
  rm -rf "$dir"
}

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  check_fuzzer
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
check_fuzzer

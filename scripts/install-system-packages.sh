#!/usr/bin/env bash
# Optional system packages for lecturecast (README "Optional system packages").
#
# Never aborts the caller: a package that cannot be had is named in one warning and the rest are
# still installed.  Waits for apt's lock (another apt/dpkg run, unattended-upgrades) instead of
# failing.  Does nothing (one line) where there is no apt-get or we are not root.
set -u

PACKAGES=(espeak-ng libreoffice-impress poppler-utils fonts-noto-core fonts-noto-mono sox ffmpeg
          chromium)
LOCK_WAIT=${LECTURECAST_APT_LOCK_WAIT:-900}   # seconds to wait for apt's lock

warn() { echo "warning: $*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
  warn "no apt-get here: install these yourself if you want them: ${PACKAGES[*]}"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  warn "not root: skipping optional system packages (${PACKAGES[*]}); run 'sudo make system-packages'"
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

# apt >= 1.9.11 waits for the dpkg lock itself; the loop also covers the lists lock of 'update'.
apt_run() {
  local deadline=$(( $(date +%s) + LOCK_WAIT )) out status
  while :; do
    out=$(DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$LOCK_WAIT" "$@" 2>&1)
    status=$?
    if [ $status -ne 0 ] && grep -qiE "could not get lock|unable to (acquire|lock)" <<<"$out" \
       && [ "$(date +%s)" -lt "$deadline" ]; then
      echo "apt is busy (another package run holds its lock); waiting..." >&2
      sleep 5
      continue
    fi
    [ $status -eq 0 ] || printf '%s\n' "$out" | tail -n 3 >&2
    return $status
  done
}

apt_run update -qq || warn "apt-get update failed; trying to install from the current package lists"
if apt_run install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "system packages installed: ${missing[*]}"
  exit 0
fi
# One at a time, so one package that cannot be had does not keep out the others.
failed=()
for pkg in "${missing[@]}"; do
  apt_run install -y -qq --no-install-recommends "$pkg" >/dev/null || failed+=("$pkg")
done
if [ ${#failed[@]} -gt 0 ]; then
  warn "could not install: ${failed[*]} (the features and tests that need them will not run; see README)"
fi
exit 0

#!/usr/bin/env bash
# Runs ./workbook setup in a fresh Debian 12 root (debootstrap, minbase) and reports what it changed: which packages
# moved to Debian 13, what /etc/os-release says afterwards, and whether TorchSharp loads. Fails (exit 1) when setup
# fails, removes a package, changes one that libstdc++6 from Debian 13 does not strictly need, or TorchSharp does not
# load. Needs root and debootstrap; .ci/run runs it.
#   tests/setup/debian12-root.sh [ROOT_DIR]     (default: artifacts/debian12-root, rebuilt on every run)
# The .NET SDK and Node.js are the host's, mounted read-only; NuGet packages are hard-linked from the host's cache,
# and the host's extra certificate authorities are trusted.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
root="${1:-$repo/artifacts/debian12-root}"
[ "$(id -u)" = 0 ] || { echo "debian12-root: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "debian12-root: apt-get install debootstrap" >&2; exit 2; }
dotnet_dir=$(dirname "$(readlink -f "$(command -v dotnet)")")
node_bin=$(readlink -f "$(command -v node)")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")

mounts=()
cleanup() {
  local i
  for (( i=${#mounts[@]}-1; i>=0; i-- )); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() { mkdir -p "$root$2"; mount --bind "$1" "$root$2"; mounts+=("$root$2"); [ "${3:-}" = ro ] && mount -o remount,bind,ro "$root$2"; return 0; }

if grep -q " $root/" /proc/mounts; then
  echo "debian12-root: something is still mounted under $root (an interrupted run?); unmount it first" >&2; exit 2
fi
rm -rf "$root"
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
cp /etc/resolv.conf "$root/etc/resolv.conf"
bind /proc /proc; bind /sys /sys; bind /dev /dev; bind /dev/pts /dev/pts
bind "$dotnet_dir" /usr/share/dotnet ro
bind "$npm_dir" /usr/lib/node_modules/npm ro
ln -sf /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"
cp "$node_bin" "$root/usr/bin/node"
ln -sf /usr/lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
chroot "$root" apt-get install -y -qq --no-install-recommends ca-certificates libicu72 >/dev/null
# The host's own extra certificate authorities (a registry proxy's, say), so restores reach what the host reaches.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null 2>&1
fi
mkdir -p "$root/root/.nuget"
cp -al "${NUGET_PACKAGES:-$HOME/.nuget/packages}" "$root/root/.nuget/packages"
rm -rf "$root/root/.nuget/packages/llmworkbook"
cp -r "$HOME/.nuget/NuGet" "$root/root/.nuget/" 2>/dev/null || true
mkdir -p "$root/workbook"
git -C "$repo" archive HEAD | tar -x -C "$root/workbook"

before=$(chroot "$root" dpkg-query -W -f='${Package} ${Version}\n')
echo "== ./workbook setup in a fresh Debian 12 root"
status=0
chroot "$root" env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin NUGET_CERT_REVOCATION_MODE=offline NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
  bash -c 'cd /workbook && ./workbook setup --yes' > "$root/setup.log" 2>&1 || { status=1; echo "FAILED: setup"; }
sed 's/^/    /' "$root/setup.log"
after=$(chroot "$root" dpkg-query -W -f='${Package} ${Version}\n')

# What setup may change: libstdc++6 from Debian 13, what it strictly requires (its GCC base and runtime, libc6 2.38+
# with the other packages built from glibc), and base-files, which Debian 13's libc6 declares it breaks below 13.3.
allowed='^(libstdc\+\+6|gcc-14-base|libgcc-s1|libc6|libc-bin|libc-l10n|locales|base-files)$'
echo "== packages that changed"
changed=$(comm -13 <(sort <<<"$before") <(sort <<<"$after") | cut -d' ' -f1)
removed=$(comm -23 <(cut -d' ' -f1 <<<"$before" | sort) <(cut -d' ' -f1 <<<"$after" | sort))
comm -13 <(sort <<<"$before") <(sort <<<"$after") | sed 's/^/    /'
for package in $changed; do
  grep -qE "$allowed" <<<"$package" || { status=1; echo "FAILED: $package changed, and libstdc++6 does not need it"; }
done
for package in $removed; do status=1; echo "FAILED: $package was removed"; done
grep -q "a 2x3 matmul is correct" "$root/setup.log" || { status=1; echo "FAILED: TorchSharp did not load after setup"; }
echo "== /etc/os-release afterwards"
grep -E '^(PRETTY_NAME|VERSION_ID)=' "$root/etc/os-release" | sed 's/^/    /'
echo "== /etc/debian_version afterwards: $(cat "$root/etc/debian_version")"
[ "$status" = 0 ] && echo "debian12-root: passed" || echo "debian12-root: FAILED"
exit $status

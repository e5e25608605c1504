#!/usr/bin/env bash
# Builds the container image's base from Debian packages alone, for machines that reach Debian's
# package mirror but no container registry: Debian bookworm (debootstrap, variant minbase) with
# openjdk-17-jre-headless, packed as a `docker save` tar that Jib reads as -Dimage.base=tar://FILE.
#
#   sudo rules/src/image/build-base.sh rules/target/base-image.tar
#   mvn -B -Pimage -pl rules -am -DskipTests package -Dimage.base=tar://$PWD/rules/target/base-image.tar
#
# Needs root (debootstrap and chroot), debootstrap and jq; DEBIAN_MIRROR overrides the mirror.
# The base adds to Debian: the user credence (10001:10001, home /data, no shell), no setuid or
# setgid programs, and the image's HEALTHCHECK (the service's HealthProbe main class), which Jib
# keeps in the image it builds on this base. See docs/operations.md#container-image.
set -euo pipefail

out=${1:?usage: build-base.sh OUTPUT.tar}
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" = 0 ] || { echo "build-base.sh: needs root (debootstrap, chroot)" >&2; exit 2; }
for tool in debootstrap jq sha256sum tar; do
  command -v "$tool" >/dev/null || { echo "build-base.sh: needs $tool (apt-get install debootstrap jq)" >&2; exit 2; }
done

work=$(mktemp -d /var/tmp/credence-base.XXXXXX)
root="$work/rootfs"
cleanup() {
  for m in proc sys; do mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== debootstrap $suite (minbase) from $mirror"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }

echo "== openjdk-17-jre-headless"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
  'apt-get -qq update && apt-get -y -qq install --no-install-recommends openjdk-17-jre-headless >/dev/null && apt-get clean'
umount "$root/proc" "$root/sys"
java_home=$(dirname "$(dirname "$(chroot "$root" readlink -f /usr/bin/java)")")
arch=$(chroot "$root" dpkg --print-architecture)
jre=$(chroot "$root" dpkg-query -W -f '${Version}' openjdk-17-jre-headless)

echo "== user credence, no setuid programs, trimmed"
echo 'credence:x:10001:10001:Credence service:/data:/usr/sbin/nologin' >>"$root/etc/passwd"
echo 'credence:x:10001:' >>"$root/etc/group"
echo 'credence:!:1::::::' >>"$root/etc/shadow"
find "$root" -xdev -type f -perm /6000 -exec chmod ug-s {} +
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/log/* \
       "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
       "$root"/etc/machine-id "$root"/etc/hostname "$root"/etc/resolv.conf "$root"/dev/* "$root"/tmp/*
chmod 1777 "$root/tmp"

echo "== docker save tar"
img="$work/image"
mkdir -p "$img"
tar --numeric-owner --sort=name -C "$root" -cf "$img/layer.tar" .
diff_id=$(sha256sum "$img/layer.tar" | cut -d' ' -f1)
mkdir "$img/$diff_id"
mv "$img/layer.tar" "$img/$diff_id/layer.tar"
# Docker's health-check durations are nanoseconds.
jq -n --arg arch "$arch" --arg diff "sha256:$diff_id" --arg jh "$java_home" --arg jre "$jre" --arg suite "$suite" \
  --arg created "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '{
    architecture: $arch, os: "linux", created: $created,
    config: {
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ("JAVA_HOME=" + $jh), "LANG=C.UTF-8"],
      Healthcheck: {
        Test: ["CMD", "java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-Xss512k",
               "-cp", "/app/classes", "io.credence.rules.service.probe.HealthProbe"],
        Interval: 10000000000, Timeout: 5000000000, StartPeriod: 60000000000, Retries: 3
      },
      Labels: {"org.opencontainers.image.description": ("Debian " + $suite + " minbase with openjdk-17-jre-headless " + $jre + ", user credence 10001")}
    },
    rootfs: {type: "layers", diff_ids: [$diff]},
    history: [{created: $created, created_by: ("rules/src/image/build-base.sh: debootstrap --variant=minbase " + $suite + " + openjdk-17-jre-headless " + $jre)}]
  }' >"$img/config.json"
config_id=$(sha256sum "$img/config.json" | cut -d' ' -f1)
mv "$img/config.json" "$img/$config_id.json"
jq -n --arg c "$config_id.json" --arg l "$diff_id/layer.tar" --arg suite "$suite" \
  '[{Config: $c, RepoTags: [("credence/base-jre17:" + $suite)], Layers: [$l]}]' >"$img/manifest.json"
mkdir -p "$(dirname "$out")"
tar --numeric-owner --sort=name -C "$img" -cf "$out" manifest.json "$config_id.json" "$diff_id"
echo "$out: Debian $suite $arch, openjdk-17-jre-headless $jre, layer $(du -h "$img/$diff_id/layer.tar" | cut -f1), sha256:$diff_id"

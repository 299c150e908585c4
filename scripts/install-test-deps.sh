#!/usr/bin/env bash
# Installs the Debian packages the integration tests need (real squid, dnsmasq, OpenSSH,
# nftables inside network namespaces; headless Chromium for the bundle; faketime; docker-registry and
# containerd for image pulls; ClusterShell and pdsh for fleet), only those missing.
# Idempotent: silent when everything is present. Needs root only when something is missing.
set -euo pipefail

# package -> a file it provides, to tell "installed" without trusting a half-removed dpkg entry.
declare -A provides=(
  [squid-openssl]=/usr/sbin/squid
  [dnsmasq-base]=/usr/sbin/dnsmasq
  [openssh-server]=/usr/sbin/sshd
  [nftables]=/usr/sbin/nft
  [iproute2]=/usr/sbin/ip
  [tmux]=/usr/bin/tmux
  [chromium]=/usr/bin/chromium
  # the harness makes certificates and htpasswd files with openssl, and drives squid with curl
  [openssl]=/usr/bin/openssl
  [curl]=/usr/bin/curl
  # a clock three days off, for real: LD_PRELOAD under one process (test/integration/diagnosis-clock.test.ts)
  [faketime]=/usr/bin/faketime
  # image pulls judged against the real thing: the CNCF distribution registry and containerd's ctr
  [docker-registry]=/usr/bin/docker-registry
  [containerd]=/usr/bin/ctr
  # netreq fleet against the tools administrators use: host ranges as ClusterShell expands them, pdsh/pdcp for the bench
  [clustershell]=/usr/bin/nodeset
  [pdsh]=/usr/bin/pdsh
  [openssh-client]=/usr/bin/ssh
  # netreq fleet --sudo: a node's non-root user whose sudo runs netreq (test/integration/fleet-sudo.test.ts)
  [sudo]=/usr/bin/sudo
)
order=(squid-openssl dnsmasq-base openssh-server nftables iproute2 tmux chromium openssl curl faketime docker-registry containerd clustershell pdsh openssh-client sudo)

installed() {
  local status
  status=$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)
  [ "$status" = installed ] && [ -e "${provides[$1]}" ]
}

missing=()
for pkg in "${order[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: missing ${missing[*]}, and apt-get is not available (Debian/Ubuntu only)" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: missing ${missing[*]}; run as root (sudo $0) to install them" >&2
  exit 1
fi

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}"
echo "install-test-deps: installed ${missing[*]}"

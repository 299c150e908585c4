// The only commands a fleet run sends to a node: three fixed POSIX sh scripts whose arguments are
// values netreq made itself (a hex digest, a folder mktemp named, a word), each single-quoted.
// No backslash in them: fish reads `\\` inside single quotes, sh and bash do not.

/** `'text'` for any POSIX shell (and fish, for text without backslashes). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

/** `sh -c SCRIPT netreq-fleet ARG...`, the whole line quoted for the node's login shell. */
export function remoteCommand(script: string, args: readonly string[]): string {
  return ['exec', 'sh', '-c', shellQuote(script), 'netreq-fleet', ...args.map(shellQuote)].join(' ');
}

/** What the node has: one line `netreq-fleet-probe node=VERSION uid=N arch=MACHINE`. */
export const PROBE_SCRIPT = `v=$(node -v 2>/dev/null || true)
echo "netreq-fleet-probe node=$v uid=$(id -u) arch=$(uname -m)"`;

/**
 * The copy: stdin into a private folder (umask 077, mktemp -d: 0700) under $TMPDIR or /tmp, its
 * SHA-256 checked. An executable that a noexec mount refuses (exit 126) moves on to
 * $XDG_RUNTIME_DIR, then ~/.cache. Prints `netreq-fleet-copy FOLDER`; exits 3 (no folder, short
 * copy), 4 (digest), 5 (noexec everywhere), 6 (no sha256sum), the folder removed each time.
 * Arguments: DIGEST KIND (mjs | exe).
 */
export const COPY_SCRIPT = `umask 077
want=$1
kind=$2
d=$(mktemp -d "\${TMPDIR:-/tmp}/netreq-fleet.XXXXXXXX") || { echo "netreq-fleet: cannot make a private folder" >&2; exit 3; }
trap 'rm -rf "$d"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM
fail() { rm -rf "$d"; echo "netreq-fleet: $2" >&2; exit "$1"; }
f="$d/netreq"
cat > "$f" || fail 3 "the copy failed"
command -v sha256sum >/dev/null 2>&1 || fail 6 "no sha256sum on this node"
got=$(sha256sum "$f" | cut -d " " -f 1)
[ "$got" = "$want" ] || fail 4 "digest mismatch: $got"
if [ "$kind" = exe ]; then
  chmod 700 "$f"
  for base in "\${XDG_RUNTIME_DIR:-}" "$HOME/.cache" ""; do
    "$f" --version >/dev/null 2>&1
    [ $? -ne 126 ] && break
    [ -n "$base" ] || fail 5 "noexec: $d"
    mkdir -p "$base" 2>/dev/null
    n=$(mktemp -d "$base/netreq-fleet.XXXXXXXX") || continue
    cat "$f" > "$n/netreq" && chmod 700 "$n/netreq"
    rm -rf "$d"
    d=$n
    f="$d/netreq"
  done
fi
# Said before the trap is lifted: a runner that is gone (SIGPIPE here) leaves no copy behind.
echo "netreq-fleet-copy $d"
trap - EXIT`;

/**
 * The wrapper: runs the copy as `netreq fleet agent FOLDER` (the agent deletes FOLDER as soon as
 * it has started) and deletes it again when the agent ends, however it ends: the agent stops on
 * end of input, which a lost connection or a Ctrl-C on the installer closes. Arguments: FOLDER
 * KIND (mjs | exe) SUDO (sudo | -).
 */
export const RUN_SCRIPT = `d=$1
how=$3
case "$d" in
  */netreq-fleet.*) ;;
  *) echo "netreq-fleet: not a fleet folder" >&2; exit 3 ;;
esac
trap 'rm -rf "$d"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM
if [ "$2" = mjs ]; then set -- node "$d/netreq"; else set -- "$d/netreq"; fi
if [ "$how" = sudo ]; then set -- sudo -n -- "$@"; fi
"$@" fleet agent "$d"`;

/** Removes a copy that a run could not start (Ctrl-C between the copy and the run). Argument: FOLDER. */
export const REMOVE_SCRIPT = `case "$1" in */netreq-fleet.*) rm -rf "$1" ;; esac`;

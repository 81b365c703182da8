#!/usr/bin/env bash
# Re-creates the real nwipe logs of this folder: image files on loop devices, wiped by Debian's
# nwipe (bookworm: package 0.34, which calls itself 0.33). Needs root. Every loop device and
# mount it makes is detached on exit. Usage: make_fixtures.sh [OUTPUT_DIR] (default: beside it).
set -euo pipefail
out="$(cd "${1:-$(dirname "$0")}" && pwd)"
work="$(mktemp -d)"
cleanup() {
    # attach runs in a subshell ($(...)), so the loop devices are found again by their files.
    for image in "$work"/*.img "$work"/small/*.img; do
        [ -e "$image" ] || continue
        for loop in $(losetup -j "$image" | cut -d: -f1); do losetup -d "$loop" || true; done
    done
    umount "$work/small" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

attach() {  # attach NAME SIZE [losetup options]: prints the loop device of a fresh image file
    truncate -s "$2" "$work/$1.img"
    local loop
    losetup -f --show "${@:3}" "$work/$1.img"
}

wipe() {  # wipe LOG OPTIONS... DEVICES...: one nwipe run, its log written to OUTPUT_DIR/LOG
    local log="$out/$1"
    shift
    rm -f "$log"
    echo "nwipe --autonuke --nogui $* -l $(basename "$log")"
    nwipe --autonuke --nogui "$@" -l "$log" >/dev/null 2>&1 || true
}

d=$(attach zero 16M);        wipe zero_verify_last.log --method=zero --verify=last "$d"
d=$(attach one 16M);         wipe one_verify_all.log --method=one --verify=all "$d"
d=$(attach dodshort 16M);    wipe dodshort_verify_last.log --method=dodshort --verify=last "$d"
d=$(attach dod 16M);         wipe dod522022m_verify_off.log --method=dod522022m --verify=off "$d"
d=$(attach gutmann 4M);      wipe gutmann_verify_last.log --method=gutmann --verify=last "$d"
d=$(attach prng 16M);        wipe prng_rounds2_verify_all.log --method=prng --rounds=2 --verify=all "$d"
d=$(attach ops2 8M);         wipe ops2_verify_last.log --method=ops2 --verify=last "$d"
d=$(attach is5enh 8M);       wipe is5enh_noblank.log --method=is5enh --verify=last --noblank "$d"
d=$(attach quiet 8M);        wipe zero_quiet.log --method=zero --verify=last --quiet "$d"

# verify_zero on a zeroed device passes its check, but it is a verification, not a wipe.
d=$(attach vzero 8M);        wipe verify_zero_on_blank.log --method=verify_zero "$d"
# verify_one on a device full of zeros finds every byte wrong: verification errors.
d=$(attach vone 8M);         wipe verify_one_fails.log --method=verify_one "$d"

# Three drives in one run.
a=$(attach multi_a 8M); b=$(attach multi_b 12M); c=$(attach multi_c 16M)
wipe three_drives_dodshort.log --method=dodshort --verify=last "$a" "$b" "$c"

# A read-only loop device: every write is refused, the drive FAILED with a pass error.
d=$(attach readonly 8M -r);  wipe readonly_fails.log --method=zero --verify=last "$d"

# A loop device over a file on a 4 MiB tmpfs: writes past 4 MiB fail at fdatasync, the drive
# FAILED with sync errors although the page cache still reads back as zeros.
mkdir -p "$work/small"
mount -t tmpfs -o size=4m tmpfs "$work/small"
truncate -s 16M "$work/small/full.img"
d="$(losetup -f --show "$work/small/full.img")"
wipe disk_full_sync_errors.log --method=zero --verify=last "$d"

# Interrupted by the operator: SIGINT a few seconds into a long DoD 5220.22-M wipe of two drives.
a=$(attach int_a 8G); b=$(attach int_b 8G)
echo "nwipe --autonuke --nogui --method=dod522022m --verify=all --sync=1 -l interrupted_sigint.log $a $b  (SIGINT after 4 s)"
rm -f "$out/interrupted_sigint.log"
nwipe --autonuke --nogui --method=dod522022m --verify=all --sync=1 -l "$out/interrupted_sigint.log" "$a" "$b" \
    >/dev/null 2>&1 &
pid=$!
sleep 4
kill -INT "$pid"
wait "$pid" || true

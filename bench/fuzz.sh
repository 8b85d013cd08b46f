#!/usr/bin/env bash
# libFuzzer on the parsers that read untrusted bytes (issue 14): the CSV reader, the gateway's
# JSON field filter, the RFC 9421 signature base, the signed-note and checkpoint parsers, and
# the CKAN query translator. Not part of CI: run it by hand, for as long as you can spare.
#
#   bench/fuzz.sh [--seconds 300] [--only FuzzCSV]
#
# Builds fuzz/ (a package of its own) with `swift build --sanitize fuzzer`, seeds each harness
# with a small corpus from the test data, runs each for --seconds, and prints executions and
# findings. Crashes are kept in bench/out/fuzz/<harness>/ with the input that caused them;
# corpora grow in bench/out/fuzz/corpus/<harness>/ and are reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=300
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--only HARNESS]" >&2; exit 2 ;;
  esac
done
# fuzz/ compiles the project's sources by path; after a source file is removed or renamed its
# build plan names a missing input, and only a clean build recovers.
(cd fuzz && { swift build --sanitize fuzzer >&2 || { swift package clean && swift build --sanitize fuzzer >&2; }; })
bin=$(cd fuzz && swift build --sanitize fuzzer --show-bin-path)
out=bench/out/fuzz
mkdir -p "$out"

seed() {
  local name=$1 dir=$out/corpus/$1
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return 0
  case "$name" in
    FuzzCSV) printf 'id,name\n1,"a, b"\n2,"say ""hi"""\n' >"$dir/a"; printf 'x;y\r\n1;2\r\n' >"$dir/b" ;;
    FuzzJSONFilter) printf '[{"id":1,"name":"a","dob":"x"}]' >"$dir/a"; printf '{"records":[{"id":2,"phone":"1"}],"total":1}' >"$dir/b" ;;
    FuzzSignatureBase) printf 'GET\0/persons/P1\0a=1\0hm/registry\0shielding\0agr-1\0' >"$dir/a" ;;
    FuzzSignedNote) printf 'causeway.test/log\n3\nAAAA\n\n\xe2\x80\x94 causeway.test/log AAAA\n' >"$dir/a" ;;
    FuzzCKANQuery) printf 'organization:health-ministry -tags:"covid 19" flu' >"$dir/a"; printf 'metadata_modified desc, name asc' >"$dir/b" ;;
  esac
}

report=$out/report-$(date -u +%Y%m%dT%H%M%SZ).md
echo "| harness | seconds | executions | exec/s | corpus | crashes |" >"$report"
echo "| --- | ---: | ---: | ---: | ---: | ---: |" >>"$report"
for harness in FuzzCSV FuzzJSONFilter FuzzSignatureBase FuzzSignedNote FuzzCKANQuery; do
  [ -n "$only" ] && [ "$only" != "$harness" ] && continue
  seed "$harness"
  mkdir -p "$out/$harness"
  log=$out/$harness/last.log
  status=0
  "$bin/$harness" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/$harness/" \
    "$out/corpus/$harness" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  corpus=$(ls "$out/corpus/$harness" | wc -l)
  crashes=$(ls "$out/$harness" | grep -c '^crash-\|^leak-\|^timeout-\|^oom-' || true)
  echo "| $harness | $seconds | $runs | $rate | $corpus | $crashes |" >>"$report"
  if [ "$status" -ne 0 ]; then echo "$harness stopped with status $status: see $log" >&2; fi
done
cat "$report"

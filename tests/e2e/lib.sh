# Tiny assertion helpers for the end-to-end scripts. Each check prints one
# line; the script ends with "N passed, M failed" and a non-zero exit on failure.
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   - $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL - $1"; [[ -n ${2:-} ]] && echo "       $2"; }
check() {  # check NAME CONDITION-COMMAND...
  local name=$1; shift
  if "$@"; then ok "$name"; else bad "$name" "command: $*"; fi
}
expect_exit() {  # expect_exit CODE NAME -- COMMAND...
  local want=$1 name=$2; shift 3
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [[ $got == "$want" ]]; then ok "$name (exit $got)"; else bad "$name" "exit $got, want $want; stderr: $(head -c 400 "$TMP/err")"; fi
}
finish() {
  echo "$PASS passed, $FAIL failed"
  [[ $FAIL == 0 ]]
}

# Common start of a script run as `script.sh PATH/TO/vox`: sets VOX, a
# scratch TMP removed on exit, DB inside it, `v` (vox on DB) and `jq_ok EXPR`
# (a Python expression over the JSON in $TMP/out, bound to d).
e2e_setup() {
  VOX=$(realpath "$1")
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  DB=$TMP/vox.db
}
v() { "$VOX" --db "$DB" "$@"; }
jq_ok() { python3 -c "import json,sys; d=json.load(open('$TMP/out')); sys.exit(0 if ($1) else 1)"; }

log() { echo "log: $*"; } >> log.txt
log one; log two
cat log.txt
f() { echo out; echo err >&2; } 2>/dev/null
f

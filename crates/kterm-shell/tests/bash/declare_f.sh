f() { echo hi; }
declare -F
type f | head -1
declare -F f

set -- a "b c" d
echo $# "$1" "$2" "$3"
echo "$@"
for x in "$@"; do echo "[$x]"; done
for x in "$*"; do echo "<$x>"; done
for x in $*; do echo "($x)"; done
shift 2; echo "$# $1"
shift 5; echo "shift failed $?"
echo "${@:1}" "${#@}"

echo() { builtin echo "wrapped: $*"; }
echo hi
command echo direct
command -v cd
command -v nosuch || echo "not found $?"
unset -f echo
type -t 2>/dev/null; true

builtin echo via-builtin
builtin nosuch 2>&1; echo "st=$?"
command -v if
type -t while
cd() { builtin cd "$@" && echo "moved"; }
cd /tmp
unset -f cd

x=hello
[[ $x == h* ]] && echo glob
[[ $x == "h*" ]] || echo literal
[[ -n $x && $x != bye ]] && echo and
[[ -z $x || $x == hello ]] && echo or
[[ ! -e nofile ]] && echo notexist
[[ 10 -gt 9 ]] && echo numeric
[[ abc < abd ]] && echo less
[[ ( $x == hello ) && 1 -eq 1 ]] && echo paren
y="a b"; [[ $y == "a b" ]] && echo nosplit

a=5
[[ $a -gt 3 && $a -lt 10 ]] && echo range
[[ $a == [0-9] ]] && echo digit
[[ abc == a?c ]] && echo single
[[ "a b" == a\ b ]] && echo escaped
[[ -z "" ]] && echo empty
[[ -v a ]] && echo a-set
[[ -v nope ]] || echo nope-unset
[[ 2+3 -eq 5 ]] && echo arith
x=abc; [[ $x != *d* ]] && echo nod
[[ -e /nonexistent/x || -n x ]] && echo or

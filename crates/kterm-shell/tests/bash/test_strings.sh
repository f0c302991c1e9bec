[ "abc" \< "abd" ] && echo lt
[ "b" \> "a" ] && echo gt
[ -n "" ] || echo empty-n
[ "" ] || echo empty-str
[ x = x -o a = b ] && echo or
[ x = y -a a = a ] || echo and-false
[ ! x = y ] && echo not
[ \( a = a \) ] && echo paren
test -z "$undefined" && echo undef

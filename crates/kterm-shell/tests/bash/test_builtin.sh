[ -z "" ] && echo z
[ -n "x" ] && echo n
[ a = a ] && echo eq; [ a != b ] && echo ne
[ 3 -lt 10 ] && echo lt
test 5 -ge 5 && echo ge
[ ! -e nofile ] && echo noexist
echo hi > f; [ -f f ] && [ -s f ] && echo file
mkdir d; [ -d d ] && echo dir
[ -e f -a -d d ] && echo both
[ abc ] && echo nonempty
[ ] || echo empty

echo $# "$0"
f() { echo "$0 $# $1"; }; f a b
echo $- | grep -q h && echo has-h
true; echo $?
echo ${#}

(cd /tmp && pwd)
[ "$PWD" = /tmp ] || echo "not in tmp"
v=1; (v=2; echo $v); echo $v
(f() { echo sub-fn; }; f); type -t f || echo "no f outside"
(exit 5) || echo "exit 5 caught: $?"
echo $( (echo nested) )

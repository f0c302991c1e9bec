s=abcdefgh
echo ${s:2} ${s:2:3} ${s: -3} ${s: -3:2} ${s:1:-2}
echo ${s:(-2)} "${s:10}" ${s:0:0}x
set -- a b c d
echo ${@:2} ${@:2:2}

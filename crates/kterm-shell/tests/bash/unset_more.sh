a=1 b=2 c=3
unset a b; echo "[${a-u}][${b-u}][$c]"
arr=(0 1 2 3); unset 'arr[1]' 'arr[3]'; echo ${!arr[@]}
unset -v c; echo "[${c-u}]"
readonly r=1; unset r; echo "st=$?"
f() { :; }; unset f; type -t f || echo "f gone"

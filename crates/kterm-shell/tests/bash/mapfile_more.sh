mapfile -t lines <<< "a
b
c"
echo ${#lines[@]} ${lines[1]}
printf 'x\ny\n' | mapfile -t piped; echo "[${piped[@]}]"
mapfile -t -n 1 first <<< "1
2"
echo ${first[@]}

printf 'a\nb\nc\n' > lines
mapfile -t arr < lines
echo ${#arr[@]} ${arr[2]}
readarray -t r2 <<< "x
y"; echo ${r2[@]}

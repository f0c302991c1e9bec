declare -A m
m[one]=1; m[two]=2; m["three four"]=34
echo ${m[one]} ${m[two]} "${m[three four]}" ${#m[@]}
for k in $(printf '%s\n' "${!m[@]}" | sort); do echo "$k=${m[$k]}"; done
unset 'm[one]'; echo ${#m[@]}
declare -A n=([a]=x [b]=y); echo ${n[a]}${n[b]}

s=""
for w in alpha beta gamma; do s+="${w:0:1}"; done
echo $s
path=/usr/local/bin
IFS=/ read -ra parts <<< "$path"; echo ${#parts[@]} "${parts[-1]}"
joined=$(IFS=,; echo "${parts[*]}"); echo "$joined"

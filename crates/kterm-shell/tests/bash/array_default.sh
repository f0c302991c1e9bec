arr=()
echo "${arr[@]:-empty}"
arr=(x)
echo "${arr[@]:-empty}"
unset arr
echo "${#arr[@]}"

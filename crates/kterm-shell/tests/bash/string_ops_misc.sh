s="a-b-c"
IFS=- read -r x y z <<< "$s"; echo "$x $y $z"
echo ${s//-/ }
arr=(${s//-/ }); echo ${#arr[@]}
echo "${s:-x}" "${#s}"

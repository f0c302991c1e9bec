s="héllo"
echo ${#s}
name=s; echo ${!name}
arr=(a bb ccc); echo ${#arr[@]} ${#arr[1]}
x=target; target=42; echo ${!x}

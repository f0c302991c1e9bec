declare -A m=([a]=1)
m+=([b]=2 [c]=3)
echo ${#m[@]} ${m[b]}
m[a]+=0; echo ${m[a]}

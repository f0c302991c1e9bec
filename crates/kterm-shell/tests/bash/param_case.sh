s="hello World"
echo ${s^} ${s^^} ${s,} ${s,,}
t=ABC; echo ${t,} ${t,,}
echo ${s^^[lo]}

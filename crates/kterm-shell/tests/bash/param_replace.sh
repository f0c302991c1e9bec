s="hello world hello"
echo ${s/hello/bye} ${s//hello/bye}
echo ${s/#hello/X} ${s/%hello/Y} ${s/#world/Z}
echo ${s// /_} "${s//o}"
echo ${s/l*o/-}
t=aaa; echo ${t//a/&b}

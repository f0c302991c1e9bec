p="a/b/c"
echo "${p//\//_}" "${p/\//-}"
s='x*y*z'; echo "${s//\*/+}"
t="aaa"; echo "${t/a}" "${t//a}"
u="path with spaces"; echo "${u// /}"
v=abcabc; echo ${v/b/[&]} ${v//b/\&}

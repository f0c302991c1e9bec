e=$'\e[0m'; echo ${#e}
echo $'a\x20b' $'\u263A' $'\101\102'
c=$'\cA'; echo ${#c}
s=$'one\ttwo'; echo "${#s}"
echo $'\\' $'\"' $'\?'

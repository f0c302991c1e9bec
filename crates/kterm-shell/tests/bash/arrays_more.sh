a=()
echo ${#a[@]} "[${a[@]}]"
a[3]=x; a[1]=y; echo ${!a[@]} ${a[@]}
a+=(z); echo ${!a[@]}
b=(1 2 3); b[1]+=0; echo ${b[@]}
c=( $(echo "p q r") ); echo ${#c[@]}
d=("$@"); echo ${#d[@]}
declare -a e=([2]=two [0]=zero); echo ${e[@]} ${!e[@]}
unset b; echo "[${b[@]}]"

a=(a b c d e)
echo "${a[@]:1:3}"
b=("${a[@]:2}"); echo ${#b[@]} "${b[0]}"
IFS=: ; echo "${a[*]:0:2}"; unset IFS
echo "${a[@]: -2:1}"

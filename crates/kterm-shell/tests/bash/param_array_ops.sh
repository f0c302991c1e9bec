a=(apple banana cherry date)
echo "${a[@]:1:2}" "${a[@]: -1}"
echo "${a[@]/an/AN}" "${a[@]#?}" "${a[@]%a}"
echo "${a[@]^}" "${#a[2]}"
echo "${!a[@]}"
b=("${a[@]}"); echo ${#b[@]}

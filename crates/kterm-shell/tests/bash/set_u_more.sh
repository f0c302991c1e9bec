set -u
a=(1 2); echo ${a[1]}
echo ${#a[@]}
echo "${@:-none}"
f() { echo "${1:-noarg}"; }; f
echo ${unset_var-default}
echo $unset_var

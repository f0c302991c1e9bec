unset u; e=
[ -z "${u+set}" ] && echo "u unset"
[ -n "${e+set}" ] && echo "e set"
echo "[${u:-}]" "[${e-x}]" "[${e:-x}]"
echo "${#u}"

f() {
  local -a arr=(one two)
  local -A map=([k]=v)
  echo "${arr[1]} ${map[k]}"
}
f
echo "[${arr[@]}][${map[k]}]"

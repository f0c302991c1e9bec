find_first() {
  for x in "$@"; do
    if [[ $x == *3* ]]; then echo "found $x"; return 0; fi
  done
  return 1
}
find_first 1 23 34 && echo yes
find_first 1 2 || echo no

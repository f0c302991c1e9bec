classify() {
  case $1 in
    *.sh) return 1;;
    *.py) return 2;;
    *) return 0;;
  esac
}
for f in a.sh b.py c.txt; do classify $f; echo "$f $?"; done

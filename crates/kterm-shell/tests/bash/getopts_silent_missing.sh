f() {
  local OPTIND=1 o
  while getopts ":n:" o "$@"; do
    case $o in
      n) echo "n=$OPTARG";;
      :) echo "needs value: -$OPTARG";;
      ?) echo "bad: -$OPTARG";;
    esac
  done
}
f -n 3
f -n
f -x

while getopts ":ab:" o -a -b; do
  case $o in
    a) echo A;;
    b) echo "B=$OPTARG";;
    :) echo "missing arg for $OPTARG";;
    \?) echo "unknown $OPTARG";;
  esac
done
echo "OPTIND=$OPTIND"
OPTIND=1
while getopts "x" o -y; do echo "o=$o"; done

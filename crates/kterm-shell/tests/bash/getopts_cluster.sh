set -- -abc -d val -- rest
while getopts "abcd:" opt; do echo "$opt ${OPTARG:-}"; done
shift $((OPTIND - 1)); echo "remaining: $*"

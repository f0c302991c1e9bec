set -o errexit
set -o
set +e
set -o nounset -o pipefail
set +o
echo $- | grep -c u

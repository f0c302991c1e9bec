set -eo pipefail
true | true
echo ok1
false | true
echo never

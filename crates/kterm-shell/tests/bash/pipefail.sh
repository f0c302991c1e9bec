set -o pipefail
false | true; echo $?
true | (exit 3) | true; echo $?
set +o pipefail
false | true; echo $?
echo "${PIPESTATUS[@]}"
true | false | true; echo "${PIPESTATUS[@]}"

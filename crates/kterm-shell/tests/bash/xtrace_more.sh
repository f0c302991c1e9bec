set -x
for i in 1 2; do echo $i; done
[[ -n x ]]
(( 1 + 1 ))
x=$(echo sub)
f() { echo "in f"; }; f
set +x

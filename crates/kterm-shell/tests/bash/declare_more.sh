declare -x exp=1; bash -c 'echo "exp=$exp"'
declare +x exp; bash -c 'echo "exp=[$exp]"'
declare -i calc; calc="5*5"; echo $calc
declare -l low; low=MiXeD; echo $low
f() { declare inner=1; }; f; echo "[${inner-unset}]"
g() { declare -g glob=2; }; g; echo "$glob"
declare -p nosuch; echo "st=$?"

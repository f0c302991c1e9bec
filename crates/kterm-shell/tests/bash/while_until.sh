n=0
while [ $n -lt 3 ]; do echo n=$n; n=$((n+1)); done
until [ $n -eq 0 ]; do n=$((n-1)); done; echo n=$n
while false; do :; done; echo "st=$?"

printf 'data\n' | { read -t 1 v; echo "got $v st=$?"; }
read -t 0 x < /dev/null; echo "t0 st=$?"
printf 'abc' | { read -t 1 -n 2 p; echo "$p"; }

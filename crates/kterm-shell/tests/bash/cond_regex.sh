s="version 5.2.15"
if [[ $s =~ ([0-9]+)\.([0-9]+) ]]; then
  echo "match ${BASH_REMATCH[0]} major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}"
fi
[[ abc =~ ^a.c$ ]] && echo anchored
[[ abc =~ "a.c" ]] || echo quoted-literal
re='^[a-z]+$'; [[ hello =~ $re ]] && echo var-re

export A=1 B
B=2
bash -c 'echo "A=$A B=$B"'
export -n A; bash -c 'echo "A=[$A]"'
export 1bad; echo "st=$?"

bash -c 'echo "c: $0 $1 $#"' zero one two
bash -c 'exit 4'; echo "st=$?"
sh -c 'echo from sh'
x=1; bash -c 'echo "x=[$x]"'
export y=2; bash -c 'echo "y=[$y]"'

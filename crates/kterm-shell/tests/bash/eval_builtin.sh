cmd='echo evaluated'
eval $cmd
eval "x=5; y=\$((x+1))"; echo $y
v=name; eval "$v=dynamic"; echo $name

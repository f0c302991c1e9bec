a=(one two three)
echo ${a[0]} ${a[2]} ${a[@]} ${#a[@]}
a[5]=six; echo ${!a[@]}
a+=(seven); echo ${a[@]}
unset 'a[1]'; echo ${a[@]} ${#a[@]}
echo ${a[-1]}
b=("x y" z); for e in "${b[@]}"; do echo "[$e]"; done
echo "${b[*]}"

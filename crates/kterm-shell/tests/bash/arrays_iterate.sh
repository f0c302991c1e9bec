names=(alice bob "carol d")
for i in "${!names[@]}"; do echo "$i: ${names[$i]}"; done
i=1; echo ${names[i]} ${names[i+1]} ${names[$i]}
(IFS=-; echo "${names[*]}")

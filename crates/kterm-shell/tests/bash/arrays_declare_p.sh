a=(1 "two words" 3)
declare -p a
declare -A m=([x]=1)
declare -p m
declare -a empty=()
declare -p empty

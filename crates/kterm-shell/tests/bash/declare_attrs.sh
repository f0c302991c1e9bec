declare -i n=5; n+=3; echo $n
n="2*4"; echo $n
declare -u up=hello; echo $up
declare -l lo=HELLO; echo $lo
declare -a arr=(1 2); echo ${arr[1]}
declare -p n up arr
x=1; declare -p x
declare -r ro=z; declare -p ro

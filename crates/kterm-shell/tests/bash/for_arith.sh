for ((i=0; i<3; i++)); do echo $i; done
for ((j=10; j>0; j-=4)) ; do printf '%d ' $j; done; echo
for ((;;)); do k=$((k+1)); [ $k -ge 3 ] && break; done; echo k=$k

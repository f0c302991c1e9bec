gcd() { local a=$1 b=$2 t; while (( b )); do t=$b; b=$((a % b)); a=$t; done; echo $a; }
gcd 48 18; gcd 17 5; gcd 100 75

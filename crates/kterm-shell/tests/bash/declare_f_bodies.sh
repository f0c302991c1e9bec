# declare -f wraps every body that is not a group in `{ … }`, keeps the
# redirections with it, and prints (( … )) as written.
h() ( echo sub )
a() { ((x)); (( y )); ((  z  )) ; for ((i=0;i<3;i++)); do :; done; }
c() { f1() { :; } > /dev/null; f2() { :; } | cat; }
f1() ((x+1))
f2() [[ -n a ]]
f3() if a; then b; fi
f4() for i in 1; do :; done
f5() { :; } > /dev/null
f6() ( a; b ) 2>&1
declare -f h a c f1 f2 f3 f4 f5 f6

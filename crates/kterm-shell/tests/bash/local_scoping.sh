x=1
a() { local x=2; b; echo "a: $x"; }
b() { x=3; echo "b: $x"; }
a; echo "global: $x"
c() { local -i n=5; n+=1; echo $n; }; c
d() { local arr=(1 2 3); echo ${#arr[@]}; }; d; echo "[${arr[@]}]"
e() { local v; echo "[${v-unset}]"; }; e

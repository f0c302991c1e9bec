f() { echo hi; x=1; if [ "$x" = 1 ]; then echo a; elif true; then :; else echo b; fi
  for i in 1 2; do echo $i; done; while false; do :; done; case $x in a|b) echo ab;; *) echo other;; esac
  echo a | cat > /dev/null 2>&1 && echo ok || echo no; local y=$((x+1)) z="q w"; (cd /; pwd); { echo g; }
  [[ -n $x && $x == 1 ]]; (( x++ )); for ((i=0;i<2;i++)); do echo $i; done; cat <<EOT
body $x
EOT
}
g () { :; }
declare -f f g
until false; do break; done
h() { ! true; until x; do y; done; }
declare -f h

printf 'abcdef' | { read -n 2 a; read -n 2 b; echo "$a $b"; }
printf 'x;y;z' | { read -d ';' p; read -d ';' q; echo "$p $q"; }
printf 'line1\nline2\n' | { read -N 8 all; echo "[$all]"; }

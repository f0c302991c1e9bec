read -a arr <<< "x y z"; echo ${#arr[@]} ${arr[1]}
read -d : part <<< "abc:def"; echo $part
read -n 3 three <<< "abcdef"; echo $three
echo 'a\tb' | { read x; echo "$x"; }
echo 'a\tb' | { read -r x; echo "$x"; }
read noinput < /dev/null; echo "eof status $?"
printf 'k=v\n' | while IFS== read key val; do echo "$key -> $val"; done

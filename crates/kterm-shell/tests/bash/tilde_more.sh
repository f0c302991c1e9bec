echo ~/a:~/b
PATH2=~/bin:~/other; echo $PATH2
echo "~/q" '~'
a=(~ ~/x); echo ${a[@]}

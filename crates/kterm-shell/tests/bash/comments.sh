# full line
echo a # trailing
echo b#not-comment
echo "# in quotes"
x=1 # after assignment
echo $x

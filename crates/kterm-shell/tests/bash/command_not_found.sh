foo bar
echo "st=$?"
x=1 nosuch

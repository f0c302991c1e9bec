x=$(echo hi)
y=`echo back`
echo "$x $y"
z=$(printf 'a\n\n\n'); echo "[$z]"
n=$(echo $(echo nested)); echo $n
echo "$(false)"; echo "st=$?"
v=$(exit 7); echo "st=$?"

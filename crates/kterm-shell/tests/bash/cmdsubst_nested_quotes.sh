x="$(echo "a b" | { read p q; echo "$q-$p"; })"
echo "$x"
y=$(echo 'single $x')
echo "$y"
z=`echo \`echo inner\``
echo $z

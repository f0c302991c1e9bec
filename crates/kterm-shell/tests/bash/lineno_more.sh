echo $LINENO
if true; then
  echo $LINENO
fi
f() { echo "f:$LINENO"; }
f
x=$(echo $LINENO)
echo $x
